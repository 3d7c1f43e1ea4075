"""The mobile suite's devices: the matrix as data, its providers and capabilities, the PaymentSheet page objects.

Public API (see devices/README.md):
- `connect_cert.devices.matrix`: `load_matrix(path=None) -> Matrix`, `Matrix.select(tags, platform)`,
  `Matrix.get(id)`, `Device` (frozen: id, platform, os_version, device_name, automation, provider, app,
  bundle_id / app_package / app_activity, stripe_sdk, tags, capabilities, offers), `Offer`,
  `resolve_devices(matrix, platform, listed=…, inline=…, defaults=AppDefaults(…), base=…, tags=…)`.
- `connect_cert.devices.providers`: `Provider`, `ProviderKind`, `ping(provider, timeout=…)`, `ping_all`.
- `connect_cert.devices.capabilities`: `w3c_capabilities(device)` (printable, `${VAR}` credentials),
  `appium_options(device, environ)` (for `webdriver.Remote(device.provider.url, options=…)`).
- `connect_cert.devices.paymentsheet`: `payment_sheet(driver, device)` -> `IosPaymentSheet` /
  `AndroidPaymentSheet`; `SheetMode`, `DeviceNotReady`, `UnsupportedSdkVersion`; locators in
  `paymentsheet.selectors` (`IOS`, `ANDROID`), `Locator(strategy, value)`.
- `connect_cert.devices.locator_eval`: `PageSource(xml).find(locator)`; `connect_cert.devices.source_driver`:
  `PageSourceDriver`, a driver over page sources.
"""
