"""The web suite's building blocks: page objects, the partner-app adapter, scenarios and flows.

- `stripe_elements`: Stripe's card form (Payment Element or Card Element) inside Stripe's iframes.
- `three_ds`: the 3DS test challenge, in Stripe.js's overlay or as a redirect page.
- `partner_app`: the partner app's own navigation behind one interface; the reference client built in.
- `scenarios`: the flows as frozen data, the 3DS answer as an enum.
- `flows`: one driver call per scenario, checked afterwards in the Connect API, on the app's own Connect user
  (`connect_cert.harness.binding`), never passing a negative check before proving it watches that user.
- `page_watch`: the page's Stripe calls, console errors and failed requests.
- `stripe_hosts`: Stripe's hosts answered by a sandbox target, for apps loading Stripe.js from js.stripe.com.
- `evidence`: a screenshot per step into Allure; `artifacts`: trace and video of failed tests.
The public API for partners' adapters is `connect_cert.harness.adapters`.
"""
