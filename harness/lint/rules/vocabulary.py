"""The Stripe SDK surface the rules recognise, named once (stripe-ios, stripe-android, flutter_stripe,
@stripe/stripe-react-native, Stripe.js and React Stripe.js), and the pre-filter that follows from it.

A file in which none of `PREFILTER_WORDS` occurs cannot make any rule fire nor hold any evidence an
app-level rule looks for, so it is parsed (to report syntax errors) but not walked. Every name below
matches the pre-filter (a test checks it).
"""

from __future__ import annotations

import re

# PaymentSheet set up or presented (iOS, Android, Compose, React Native, Flutter).
SHEET_CALLS = frozenset(
    {
        "PaymentSheet",
        "rememberPaymentSheet",
        "FlowController",
        "initPaymentSheet",
        "presentPaymentSheet",
        "presentWithSetupIntent",
        "presentWithPaymentIntent",
        "presentWithIntentConfiguration",
        "SetupPaymentSheetParameters",
    }
)
# Calls whose labels configure PaymentSheet / Elements: a `customer` here is Stripe's customer.
CONFIG_CALLS = frozenset(
    {
        "Configuration",
        "PaymentSheet",
        "initPaymentSheet",
        "SetupPaymentSheetParameters",
        "Builder",
        "elements",
        "Elements",
        "IntentConfiguration",
        "FlowController",
        "rememberPaymentSheet",
    }
)
CONFIG_RECEIVERS = (
    "configuration",
    "config",
    "paymentsheet",
    "sheet",
)  # `configuration.customer = …` (lower-case suffix)
# A PaymentIntent confirmed by the app (debts, a pre-authorization's 3DS).
PAYMENT_INTENT_CONFIRMATIONS = frozenset(
    {
        "confirmPayment",
        "confirmPaymentIntent",
        "confirmCardPayment",
        "handleNextAction",
        "handleNextActionForPayment",
        "handleCardAction",
        "confirmPlatformPayPayment",
    }
)
# A SetupIntent confirmed, or a sheet that confirms one: never where a debt is paid.
SETUP_INTENT_CALLS = frozenset(
    {
        "confirmSetup",
        "confirmCardSetup",
        "confirmSetupIntent",
        "presentWithSetupIntent",
        "handleNextActionForSetup",
        "confirmPlatformPaySetupIntent",
        "initPaymentSheet",
        "SetupPaymentSheetParameters",
        "PaymentSheet",
    }
)
# Any use of Stripe in the app (the app-level rules apply to a platform only when it has one).
STRIPE_CALLS = (
    SHEET_CALLS
    | PAYMENT_INTENT_CONFIRMATIONS
    | SETUP_INTENT_CALLS
    | frozenset(
        {
            "loadStripe",
            "Stripe",
            "StripeProvider",
            "initStripe",
            "elements",
            "Elements",
            "PaymentConfiguration",
        }
    )
)
# Customer configuration: keys that mean a Stripe customer anywhere, and those that do in a configuration.
CUSTOMER_KEYS = frozenset(
    {
        "customerEphemeralKeySecret",
        "ephemeralKeySecret",
        "customerSessionClientSecret",
        "customerOptions",
        "customerSessionSecret",
    }
)
CUSTOMER_CONFIG_KEYS = frozenset({"customer", "customerId"})
CUSTOMER_TYPES = frozenset({"CustomerConfiguration", "CustomerSessionClientSecretProvider"})
RESET_CUSTOMER_CALLS = frozenset({"resetCustomer", "resetPaymentSheetCustomer"})
# Deferred intents: the mode of an IntentConfiguration (iOS, Android, Flutter, React Native) or of Elements.
INTENT_CONFIGURATIONS = frozenset({"IntentConfiguration", "intentConfiguration", "elements", "Elements"})
PAYMENT_MODES = frozenset({"payment", "Payment", "paymentMode"})
# Wallets.
APPLE_PAY_SITES = frozenset({"applePay", "ApplePayConfiguration", "PaymentSheetApplePay"})
MERCHANT_ID_KEYS = frozenset({"merchantId", "merchantIdentifier"})
MERCHANT_ID = re.compile(r"^merchant\.[A-Za-z0-9][A-Za-z0-9.-]*$")
GOOGLE_PAY_TEST_FLAGS = ("testEnv",)
GOOGLE_PAY_CALLS = frozenset({"PaymentSheetGooglePay", "GooglePayInitParams"})  # Flutter: testEnv defaults to false
GOOGLE_PAY_KEYS = frozenset({"googlePay"})  # React Native: `googlePay: { testEnv }`
PRODUCTION_ENVIRONMENTS = frozenset({"Production", "PRODUCTION", "ENVIRONMENT_PRODUCTION"})
ENVIRONMENT_HOLDERS = frozenset({"Environment", "GooglePayEnvironment", "WalletConstants"})
# Android dependencies.
DEPENDENCY_CONFIGURATIONS = re.compile(
    r"^(implementation|api|compileOnly|runtimeOnly|[a-z][A-Za-z]*(Implementation|Api))$"
)
FINANCIAL_CONNECTIONS = re.compile(r"^com\.stripe:financial-connections(?::|$)")
# Debts: the field that holds a debt's PaymentIntent secret, and the documented name that does not exist.
DEBT = "debt"
WRONG_DEBT_SECRETS = frozenset({"client_secret", "clientSecret"})
# The pre-authorization failure at charging start (ErrorType), spelled as a string or an enum member.
PRE_AUTHORIZATION_FAILED = re.compile(r"^pre_?authori[sz]ation_?failed$", re.IGNORECASE)
# Keys: live publishable, secret and restricted keys.
KEY = re.compile(r"\b(pk_live|sk_live|sk_test|rk_live|rk_test)_[0-9A-Za-z]{10,}")
# Suppression comments name this tool.
SUPPRESSION_MARK = "connect-cert"

# Lower-case words: a file holding none of them is not walked (see the module docstring).
PREFILTER_WORDS = (
    "payment",
    "customer",
    "ephemeral",
    "setup",
    "stripe",
    "elements",
    "intent",
    "merchant",
    "applepay",
    "apple_pay",
    "googlepay",
    "google_pay",
    "production",
    "financial-connections",
    "debt",
    "returnurl",
    "return_url",
    "preauthori",
    "pre_authori",
    "nextaction",
    "cardaction",
    "flowcontroller",
    "pk_live_",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "connect-cert",
)


def prefilter(text: str) -> bool:
    """Whether `text` holds a word of the rules' vocabulary (case-insensitive)."""
    lowered = text.lower()
    return any(word in lowered for word in PREFILTER_WORDS)
