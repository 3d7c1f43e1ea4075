/*
 * A partner's mobile app with Stripe's PaymentSheet, as a mobile web page: what the device suite drives
 * here, through Appium's Chromium driver, in place of a native app on a simulator or a device farm.
 *
 * /paymentsheet/ios/ and /paymentsheet/android/ render the same app for each platform; every element that
 * a native driver would report carries the native sheet's type, labels, identifiers and test tags
 * (see native.js), so the harness finds them with the very locators of its PaymentSheet page objects.
 *   ?sdk=21.12.0    stripe-android version: the expiry field and the primary button as that version shows them
 *   ?os=17.5        iOS version: from 26 the Apple Pay sheet asks to "Change Payment Method" first
 *   ?wallet=apple_pay|google_pay   the device offers this wallet (Apple Pay test cards, a Google account)
 *
 * The host screen: sign in as a Connect user, list the payment methods, add one (PaymentSheet in setup mode
 * with the Connect API's SetupIntent), start and stop charging (a 402 pre_authorization_failed is confirmed
 * with the saved method and 3DS, then started again), pay an open debt (PaymentSheet in payment mode with the
 * debt's PaymentIntent), log out (the PaymentSheet customer is reset). The app's backend is played by the
 * page itself: `config.json` hands it the sandbox's partner token, which the page never shows.
 *
 * The sheet behaves as the SDK: it confirms the intent with the card typed (or a wallet token: tok_applepay,
 * tok_googlepay, which Stripe's test mode backs with 4242), shows the native 3DS2 challenge for a SetupIntent
 * and the web-view test page for a PaymentIntent, closes on success and keeps errors in its error slot.
 *
 * For `connect-cert selftest` the sandbox can make this app wrong on purpose: `config.json` lists the active
 * fault modes (`fault_modes`), and each `fault("…")` branch below is one of the `paymentsheet.*` faults
 * (sandbox/faults/clients.py). Without fault modes none of those branches runs.
 */
(function () {
  "use strict";

  var PLATFORM = /\/paymentsheet\/android\//.test(location.pathname) ? "android" : "ios";
  var IOS = PLATFORM === "ios";
  var query = new URLSearchParams(location.search);
  var SDK = (query.get("sdk") || "").split(".").map(Number);
  var OS_MAJOR = parseInt(query.get("os") || "0", 10);
  var WALLET = query.get("wallet") || "";
  var AUTH_FAILED = "We are unable to authenticate your payment method. Please choose a different payment " +
    "method and try again.";
  var AUTH_CODE = "424242"; // the one-time code Stripe's test challenge accepts
  var DONE = ["succeeded", "requires_capture", "processing"];

  var config = null;
  var user = null; // who is signed in
  var customer = null; // the PaymentSheet customer: whose methods the app lists and the sheet adds to
  var methods = [];
  var activeSession = null;
  var debtSecrets = {};
  var faultModes = [];

  function $(id) { return document.getElementById(id); }

  function fault(name) { return faultModes.indexOf("paymentsheet." + name) >= 0; }

  function sdkBefore(major, minor) {
    if (!SDK[0] && SDK[0] !== 0) {
      return false; // no version given: the newest SDK
    }
    return SDK[0] < major || (SDK[0] === major && (SDK[1] || 0) < minor);
  }

  // --- native nodes ---------------------------------------------------------------------------------

  function make(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] !== undefined && attrs[key] !== null) {
        node.setAttribute(key, attrs[key]);
      }
    });
    (Array.isArray(content) ? content : content === undefined ? [] : [content]).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // The app's own widgets: identified by accessibility identifier (iOS name) / content-desc and resource-id.
  function hostButton(id, label) {
    return IOS ?
      make("button", { type: "button", id: id, "data-type": "XCUIElementTypeButton", "data-name": id }, label) :
      make("button", { type: "button", id: id, "data-type": "android.widget.Button", "data-desc": id,
        "data-rid": "{package}:id/" + id }, label);
  }

  function hostText(id, text) {
    return IOS ?
      make("p", { id: id, "data-type": "XCUIElementTypeStaticText", "data-name": id }, text) :
      make("p", { id: id, "data-type": "android.widget.TextView", "data-desc": id, "data-rid": "{package}:id/" + id },
        text);
  }

  function hostField(id, label, inputType) {
    if (IOS) {
      return make("input", { id: id, "data-type": "XCUIElementTypeTextField", "data-name": id, "data-label": label,
        placeholder: label, autocomplete: "off", type: inputType || "text" });
    }
    return make("label", { id: id, "data-type": "android.widget.EditText", "data-field": "", "data-desc": id,
      "data-rid": "{package}:id/" + id }, [
      make("span", { "data-type": "android.widget.TextView" }, label),
      make("input", { autocomplete: "off", type: inputType || "text" })
    ]);
  }

  function container(attrs, children) {
    var type = IOS ? "XCUIElementTypeOther" : "android.view.View";
    return make("div", Object.assign({ "data-type": type }, attrs), children);
  }

  function fieldInput(node) {
    return node.matches("input") ? node : node.querySelector("input");
  }

  // --- Connect API (the app's backend) and Stripe (the SDK) -------------------------------------------

  function connect(method, path, body) {
    var init = { method: method, headers: { Accept: "application/json", Authorization: "Bearer " + config.partner_token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(config.connect_api_base + path, init).then(reply, unreachable("The Connect API"));
  }

  function stripeCall(method, path, params) {
    var form = new URLSearchParams();
    Object.keys(params || {}).forEach(function (key) { form.append(key, params[key]); });
    var url = config.stripe_api_base + "/v1/" + path;
    var init = { method: method, headers: { Authorization: "Bearer " + config.publishable_key } };
    if (method === "GET") {
      url += "?" + form.toString();
    } else {
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
      init.body = form.toString();
    }
    return fetch(url, init).then(reply, unreachable("Stripe"));
  }

  function reply(response) {
    return response.text().then(function (text) {
      var body = null;
      try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
      return { status: response.status, body: body || {} };
    });
  }

  function unreachable(what) {
    return function () { return { status: 0, body: { detail: what + " cannot be reached." } }; };
  }

  function userPath(rest) {
    return "/users/" + encodeURIComponent(customer.userId) + "/" + (rest || "");
  }

  function describe(res) {
    var body = res.body || {};
    if (body.error && body.error.details) {
      return body.detail ? body.detail + " (" + body.error.details + ")" : body.error.details;
    }
    return body.detail || "The Connect API answered " + res.status + ".";
  }

  function intentKind(secret) {
    return /^seti_/.test(secret) ? "setup_intents" : "payment_intents";
  }

  function intentId(secret) {
    return String(secret).split("_secret_")[0];
  }

  function retrieveIntent(secret) {
    return stripeCall("GET", intentKind(secret) + "/" + intentId(secret), { client_secret: secret });
  }

  // The message the SDK shows for an intent's last error (its own text for a failed authentication).
  function intentError(intent) {
    var error = intent && (intent.last_setup_error || intent.last_payment_error);
    if (error && /authentication_failure$/.test(error.code || "")) {
      return AUTH_FAILED;
    }
    return (error && error.message) || "Something went wrong.";
  }

  function apiError(res) {
    var error = (res.body && res.body.error) || {};
    if (/authentication_failure$/.test(error.code || "")) {
      return AUTH_FAILED;
    }
    return error.message || (res.body && res.body.detail) || "Something went wrong.";
  }

  // --- the 3DS challenges: native (SetupIntent) and the web-view test page (PaymentIntent) ------------

  var challenge = { resolve: null, url: null };

  function authenticate(outcome) {
    var page = new URL(challenge.url, location.href);
    var action = page.pathname.replace(/\/challenge$/, "/authenticate");
    var resolve = challenge.resolve;
    challenge.resolve = null;
    $("native-challenge").hidden = true;
    $("web-challenge").hidden = true;
    var form = new URLSearchParams({ token: page.searchParams.get("token") || "", outcome: outcome });
    return fetch(action, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString() }).then(function () { resolve(); }, function () { resolve(); });
  }

  // Run the intent's next action as the SDK does; resolves once the challenge is answered.
  function handleNextAction(intent) {
    var action = intent.next_action || {};
    var url = (action.use_stripe_sdk && action.use_stripe_sdk.stripe_js) ||
      (action.redirect_to_url && action.redirect_to_url.url);
    if (!url) {
      return Promise.resolve();
    }
    if (intent.object === "setup_intent" && fault("native_challenge_skipped")) {
      return Promise.resolve(); // the native challenge is never shown
    }
    return new Promise(function (resolve) {
      challenge.resolve = resolve;
      challenge.url = url;
      if (intent.object === "setup_intent") {
        fieldInput($("challenge-code")).value = "";
        $("native-challenge").hidden = false;
      } else {
        $("web-challenge").hidden = false;
      }
    });
  }

  // Confirm an intent; 3DS if asked; answers {ok, intent, error}.
  function confirmIntent(secret, params) {
    var body = Object.assign({ client_secret: secret, use_stripe_sdk: "true", return_url: config.return_url }, params);
    return stripeCall("POST", intentKind(secret) + "/" + intentId(secret) + "/confirm", body).then(function (res) {
      if (res.status !== 200) {
        return { ok: false, error: apiError(res) };
      }
      var intent = res.body;
      if (intent.status !== "requires_action") {
        return settled(intent);
      }
      return handleNextAction(intent).then(function () {
        return retrieveIntent(secret);
      }).then(function (again) {
        return again.status === 200 ? settled(again.body) : { ok: false, error: apiError(again) };
      });
    });
  }

  function settled(intent) {
    var ok = DONE.indexOf(intent.status) >= 0;
    return ok ? { ok: true, intent: intent } : { ok: false, intent: intent, error: intentError(intent) };
  }

  // --- PaymentSheet --------------------------------------------------------------------------------

  var sheet = { secret: null, resolve: null, busy: false };

  function formatAmount(amount, currency) {
    var symbol = { eur: "€", usd: "$", gbp: "£" }[String(currency).toLowerCase()];
    var value = (amount / 100).toFixed(2);
    return symbol ? symbol + value : value + " " + String(currency).toUpperCase();
  }

  function setPrimaryLabel(label) {
    var button = $("primary-button");
    if (IOS) {
      button.setAttribute("data-name", label);
      button.textContent = label;
    } else {
      button.querySelector("span").textContent = label;
    }
  }

  function showError(message) {
    var slot = $("sheet-error");
    slot.textContent = message;
    slot.hidden = !message;
  }

  function cardDigits(id) {
    return fieldInput($(id)).value.replace(/\D/g, "");
  }

  function formComplete() {
    return cardDigits("card-number").length >= 12 && cardDigits("card-expiry").length === 4 &&
      cardDigits("card-cvc").length >= 3;
  }

  function updatePrimary() {
    $("primary-button").disabled = sheet.busy || !formComplete();
  }

  function present(options) {
    var secret = options.setupIntentClientSecret || options.paymentIntentClientSecret;
    sheet.secret = secret;
    sheet.busy = false;
    ["card-number", "card-expiry", "card-cvc"].forEach(function (id) { fieldInput($(id)).value = ""; });
    showError("");
    var payment = !options.setupIntentClientSecret;
    $("sheet-title").textContent = payment ? "Pay open charging debt" : "Add your payment information";
    $("wallet-button").hidden = payment || !options.wallet;
    setPrimaryLabel(payment ? "Pay" : "Set up");
    updatePrimary();
    // Payment mode shows the amount on its button: the sheet appears once the PaymentIntent is read.
    var ready = payment ? retrieveIntent(secret).then(function (res) {
      if (res.status === 200 && res.body.amount !== undefined) {
        setPrimaryLabel("Pay " + formatAmount(res.body.amount, res.body.currency));
      } else {
        showError(apiError(res));
      }
    }) : Promise.resolve();
    return ready.then(function () {
      $("sheet").hidden = false;
      return new Promise(function (resolve) { sheet.resolve = resolve; });
    });
  }

  function finishSheet(result) {
    $("sheet").hidden = true;
    $("wallet-sheet").hidden = true;
    var resolve = sheet.resolve;
    sheet.resolve = null;
    sheet.secret = null;
    if (resolve) {
      resolve(result);
    }
  }

  function confirmSheet(paymentMethodData) {
    sheet.busy = true;
    updatePrimary();
    showError("");
    return confirmIntent(sheet.secret, paymentMethodData).then(function (result) {
      sheet.busy = false;
      updatePrimary();
      if (result.ok) {
        finishSheet({ status: "completed" });
        return;
      }
      showError(result.error);
    });
  }

  function confirmCard() {
    var expiry = cardDigits("card-expiry");
    return confirmSheet({
      "payment_method_data[type]": "card",
      "payment_method_data[card][number]": cardDigits("card-number"),
      "payment_method_data[card][exp_month]": expiry.slice(0, 2),
      "payment_method_data[card][exp_year]": "20" + expiry.slice(2, 4),
      "payment_method_data[card][cvc]": cardDigits("card-cvc"),
      "payment_method_data[billing_details][address][country]": "DE"
    });
  }

  function payWithWallet() {
    var token = IOS ? "tok_applepay" : "tok_googlepay";
    $("wallet-sheet").hidden = true;
    if (IOS && fault("apple_pay_gives_a_non_4242_card")) {
      return confirmSheet({
        "payment_method_data[type]": "card",
        "payment_method_data[card][number]": "5555555555554444",
        "payment_method_data[card][exp_month]": "12",
        "payment_method_data[card][exp_year]": "2034",
        "payment_method_data[card][cvc]": "123"
      });
    }
    return confirmSheet({ "payment_method_data[type]": "card", "payment_method_data[card][token]": token });
  }

  function openWallet() {
    $("wallet-sheet").hidden = false;
    if (IOS) {
      var change = OS_MAJOR >= 26;
      $("wallet-change").hidden = !change;
      $("wallet-card").hidden = change;
    }
  }

  // --- the host screen -------------------------------------------------------------------------------

  function say(text) {
    $("app_message").textContent = text;
    $("app_message").hidden = !text;
  }

  function render() {
    var signedIn = !!user;
    $("sign-in-screen").hidden = signedIn;
    $("home-screen").hidden = !signedIn;
    $("signed_in_user").textContent = signedIn ? (user.email || user.userId) : "";
    $("start_charging").hidden = !!activeSession;
    $("stop_charging").hidden = !activeSession;
    $("charging_status").textContent = activeSession ? "Charging" : "Not charging";
  }

  function resetCustomer() {
    customer = null;
    methods = [];
    debtSecrets = {};
    activeSession = null;
  }

  function signIn() {
    var kept = fault("customer_kept_after_logout") ? customer : null;
    var userId = fieldInput($("user_id")).value.trim();
    say("Signing in…");
    return connect("GET", "/users/" + encodeURIComponent(userId) + "/").then(function (res) {
      if (res.status !== 200) {
        say("Sign-in failed: " + describe(res));
        return;
      }
      user = { userId: userId, email: res.body.email || "" };
      customer = { userId: userId };
      if (kept) {
        customer = kept;
      }
      render();
      say("");
      return loadMethods();
    });
  }

  function logOut() {
    user = null;
    if (fault("customer_kept_after_logout")) {
      logOutKeepingTheCustomer();
      return;
    }
    resetCustomer(); // resetPaymentSheetCustomer(): the next user must not see this one's methods
    fieldInput($("user_id")).value = "";
    renderMethods();
    renderDebts([]);
    $("debts-section").hidden = true;
    render();
    say("Signed out.");
  }

  // The fault: the PaymentSheet customer (and its methods) outlives the logout.
  function logOutKeepingTheCustomer() {
    fieldInput($("user_id")).value = "";
    renderDebts([]);
    $("debts-section").hidden = true;
    render();
    say("Signed out.");
  }

  function loadMethods() {
    return connect("GET", userPath("payment-methods/?page_size=100")).then(function (res) {
      if (res.status !== 200) {
        say("Payment methods could not be loaded: " + describe(res));
        return;
      }
      methods = res.body.results || [];
      renderMethods();
    });
  }

  function renderMethods() {
    var list = $("methods");
    list.innerHTML = "";
    methods.forEach(function (pm) {
      var card = pm.card || {};
      var text = pm.type + " " + (card.brand || "") + " •••• " + (card.last4 || "") + (pm.default ? " · default" : "");
      list.appendChild(hostText("payment_method", text));
    });
    $("no_payment_methods").hidden = methods.length > 0 || !user;
  }

  function addPaymentMethod() {
    say("");
    return connect("GET", userPath("setup-intents/?pm_type=card")).then(function (res) {
      var secret = res.body && res.body.setup_intent_client_secret;
      if (res.status !== 200 || !secret) {
        say("The payment sheet could not be prepared: " + describe(res));
        return;
      }
      return present({ setupIntentClientSecret: secret, wallet: WALLET }).then(function (result) {
        say(result.status === "completed" ? "Payment method added." : "Canceled.");
        return loadMethods();
      });
    });
  }

  function defaultMethod() {
    return methods.filter(function (pm) { return pm.default; })[0] || methods[0] || null;
  }

  function startCharging() {
    var evseId = fieldInput($("evse_id")).value.trim();
    var pm = defaultMethod();
    if (!pm) {
      say("Add a payment method before you start charging.");
      return Promise.resolve();
    }
    say("Starting…");
    return attemptStart(evseId, pm.id, true);
  }

  // A 402 pre_authorization_failed with a PaymentIntent secret: confirm it with the saved method (3DS),
  // then start again; the backend reuses the authorized hold.
  function attemptStart(evseId, pmId, mayConfirm) {
    return connect("POST", userPath("charging/start/"), { evse_id: evseId, payment_method_id: pmId }).then(function (res) {
      if (res.status === 201) {
        activeSession = res.body.id;
        render();
        say("Charging started.");
        return;
      }
      var error = (res.body && res.body.error) || {};
      if (res.status === 402 && error.type === "pre_authorization_failed" && error.payment_intent_client_secret &&
          mayConfirm) {
        return confirmIntent(error.payment_intent_client_secret, { payment_method: pmId }).then(function (result) {
          if (!result.ok) {
            say("Charging could not start: " + result.error);
            return;
          }
          return attemptStart(evseId, pmId, false);
        });
      }
      say("Charging could not start: " + describe(res));
    });
  }

  function stopCharging() {
    return connect("POST", userPath("charging/stop/" + encodeURIComponent(activeSession) + "/")).then(function (res) {
      if (res.status !== 204) {
        say("Charging could not stop: " + describe(res));
        return;
      }
      activeSession = null;
      render();
      say("Charging stopped.");
    });
  }

  function loadDebts() {
    $("debts-section").hidden = false;
    return connect("GET", userPath("charging/debts/?page_size=100")).then(function (res) {
      if (res.status !== 200) {
        say("Open debts could not be loaded: " + describe(res));
        return;
      }
      renderDebts(res.body.results || []);
    });
  }

  function renderDebts(debts) {
    var list = $("debts");
    list.innerHTML = "";
    debtSecrets = {};
    debts.forEach(function (debt) {
      debtSecrets[debt.session_id] = debt.payment_intent_client_secret;
      var row = container({ "data-session": debt.session_id, "class": "row" }, [
        hostText("debt", debt.amount + " " + String(debt.currency).toUpperCase()),
        hostButton("pay_debt", "Pay debt")
      ]);
      list.appendChild(row);
    });
    $("no_debts").hidden = debts.length > 0;
  }

  function payDebt(sessionId) {
    var secret = debtSecrets[sessionId];
    if (!secret) {
      say("This debt cannot be paid from here.");
      return Promise.resolve();
    }
    return present({ paymentIntentClientSecret: secret }).then(function (result) {
      say(result.status === "completed" ? "Debt paid." : "Canceled.");
      return loadDebts();
    });
  }

  // --- building the screens ------------------------------------------------------------------------

  function buildHost() {
    var signInScreen = container({ id: "sign-in-screen", "class": "screen" }, [
      hostText("sign_in_title", "Sign in"),
      hostField("user_id", "User ID"),
      hostButton("sign_in", "Sign in")
    ]);
    var debtsSection = container({ id: "debts-section", "class": "section", hidden: "" }, [
      container({ id: "debts" }, []),
      hostText("no_debts", "No open debts")
    ]);
    var home = container({ id: "home-screen", "class": "screen", hidden: "" }, [
      hostText("signed_in_user", ""),
      hostText("methods_title", "Payment methods"),
      container({ id: "methods" }, []),
      hostText("no_payment_methods", "No payment methods yet"),
      hostButton("add_payment_method", "Add payment method"),
      hostText("charging_title", "Charging"),
      hostField("evse_id", "EVSE ID"),
      hostButton("start_charging", "Start charging"),
      hostButton("stop_charging", "Stop charging"),
      hostText("charging_status", "Not charging"),
      hostButton("open_debts", "Open debts"),
      debtsSection,
      hostButton("log_out", "Log out")
    ]);
    var message = hostText("app_message", "");
    // Shown once there is something to say, or once a list has loaded and is empty.
    [message, home.querySelector("#no_payment_methods"), debtsSection.querySelector("#no_debts")].forEach(
      function (node) { node.hidden = true; });
    return container({ id: "host", "class": "host" }, [
      IOS ? make("div", { "data-type": "XCUIElementTypeNavigationBar", "data-name": "Charge", "data-label": "" },
        [make("h1", { "data-type": "XCUIElementTypeStaticText" }, "Charge")]) : hostText("app_title", "Charge"),
      message,
      signInScreen,
      home
    ]);
  }

  function iosSheet() {
    function field(id, label, placeholder, mode) {
      return make("input", { id: id, "data-type": "XCUIElementTypeTextField", "data-name": label,
        "data-label": label, placeholder: placeholder, inputmode: mode || "numeric", autocomplete: "off" });
    }
    function button(id, name, label, extra) {
      return make("button", Object.assign({ type: "button", id: id, "data-type": "XCUIElementTypeButton",
        "data-name": name, "data-label": label }, extra || {}), label);
    }
    function text(label, attrs) {
      return make("p", Object.assign({ "data-type": "XCUIElementTypeStaticText" }, attrs || {}), label);
    }
    return [
      container({ id: "sheet", "class": "sheet", hidden: "" }, [
        button("sheet-close", "UIButton.Close", "Close", { "class": "close" }),
        text("", { id: "sheet-title" }),
        button("wallet-button", "apple_pay_button", "Apple Pay", { "class": "wallet", hidden: "" }),
        text("Card information", { "class": "caption" }),
        field("card-number", "Card number", "1234 1234 1234 1234"),
        make("div", { "class": "pair" }, [field("card-expiry", "expiration date", "MM / YY"), field("card-cvc", "CVC", "CVC")]),
        text("Billing address", { "class": "caption" }),
        make("input", { "data-type": "XCUIElementTypeTextField", "data-name": "Country or region",
          "data-label": "Country or region", value: "Germany", readonly: "" }),
        text("", { id: "sheet-error", "class": "error", hidden: "" }),
        make("button", { type: "button", id: "primary-button", "data-type": "XCUIElementTypeButton", "class": "primary",
          disabled: "" }, "Set up"),
        container({ id: "keyboard", "class": "keyboard", hidden: "" }, [
          make("div", { "data-type": "XCUIElementTypeToolbar", "data-name": "Toolbar", "data-label": "Toolbar" }, [
            button("keyboard-done", "Done", "Done")
          ])
        ])
      ]),
      container({ id: "native-challenge", "class": "overlay", hidden: "" }, [
        make("div", { "data-type": "XCUIElementTypeNavigationBar", "data-name": "Secure checkout", "data-label": "" }, [
          button("challenge-cancel", "Cancel", "Cancel")
        ]),
        text("Purchase Authentication", { "class": "heading" }),
        text("We have sent you a text message with a code to your registered mobile number."),
        text("Enter your code below:"),
        make("input", { id: "challenge-code", "data-type": "XCUIElementTypeTextField", "data-name": "STDSTextField",
          "data-label": "", inputmode: "numeric", autocomplete: "off" }),
        button("challenge-submit", "Submit", "Submit", { "class": "primary" }),
        button("challenge-resend", "Resend code", "Resend code")
      ]),
      container({ id: "web-challenge", "class": "overlay", hidden: "" }, [
        text("checkout.stripe.com", { "class": "caption" }),
        make("div", { "data-type": "XCUIElementTypeWebView" }, [
          container({ "data-name": "Stripe test payment page", "data-label": "Stripe test payment page" }, [
            text("Stripe test payment page", { "class": "heading" }),
            text("This is a test page for a 3D Secure authentication."),
            button("web-complete", "COMPLETE AUTHENTICATION", "COMPLETE AUTHENTICATION", { "class": "primary" }),
            button("web-fail", "FAIL AUTHENTICATION", "FAIL AUTHENTICATION")
          ])
        ])
      ]),
      container({ id: "wallet-sheet", "class": "overlay wallet-sheet", hidden: "" }, [
        button("wallet-cancel", "Cancel", "Cancel"),
        text("Apple Pay", { "class": "heading" }),
        button("wallet-change", "Change Payment Method", "Change Payment Method", { hidden: "" }),
        button("wallet-card", "Simulated Card - AmEx, \u202a•••• 1234\u202c", "Simulated Card - AmEx, \u202a•••• 1234\u202c"),
        text("Pay " + "Connect Cert Mobility"),
        text("€0.00"),
        button("wallet-confirm", "Pay with Passcode", "Pay with Passcode", { "class": "primary" })
      ])
    ];
  }

  function androidSheet() {
    var TEXT = "android.widget.TextView";
    function label(text, attrs) {
      return make("p", Object.assign({ "data-type": TEXT }, attrs || {}), text);
    }
    function field(id, text, desc) {
      return make("label", { id: id, "data-type": "android.widget.EditText", "data-field": "", "data-desc": desc },
        [make("span", { "data-type": TEXT }, text), make("input", { inputmode: "numeric", autocomplete: "off" })]);
    }
    var expiryLabel = sdkBefore(20, 49) ? "MM / YY" : "Expiration date";
    var primaryTag = sdkBefore(20, 53) ? "{package}:id/primary_button" : "PRIMARY_BUTTON";
    return [
      container({ id: "sheet", "class": "sheet", hidden: "" }, [
        make("button", { type: "button", id: "sheet-close", "data-type": "android.widget.Button", "class": "close" },
          "Close"),
        label("", { id: "sheet-title" }),
        make("button", { type: "button", id: "wallet-button", "data-type": "android.view.View",
          "data-rid": "google-pay-button", "data-desc": "Google Pay", "data-text": "", "class": "wallet", hidden: "" },
          "Google Pay"),
        label("Card information", { "class": "caption" }),
        field("card-number", "Card number", ""),
        make("div", { "class": "pair" }, [
          field("card-expiry", expiryLabel, sdkBefore(20, 49) ? "" : "Expiration date"),
          field("card-cvc", "CVC", "")
        ]),
        label("Country or region", { "class": "caption" }),
        label("Germany"),
        label("", { id: "sheet-error", "data-rid": "PAYMENT_SHEET_ERROR", "class": "error", hidden: "" }),
        make("button", { type: "button", id: "primary-button", "data-type": "android.view.View", "data-rid": primaryTag,
          "class": "primary", disabled: "" }, [make("span", { "data-type": TEXT }, "Set up")])
      ]),
      container({ id: "native-challenge", "class": "overlay", hidden: "" }, [
        label("Purchase Authentication", { "data-rid": "{package}:id/czv_header", "class": "heading" }),
        label("We have sent you a text message with a code to your registered mobile number.",
          { "data-rid": "{package}:id/czv_info" }),
        make("div", { "data-type": "android.widget.FrameLayout", "data-rid": "{package}:id/czv_entry_view",
          "data-text": "" }, [
          make("label", { id: "challenge-code", "data-type": "android.widget.EditText", "data-field": "",
            "data-rid": "{package}:id/text_entry" }, [make("input", { inputmode: "numeric", autocomplete: "off" })])
        ]),
        make("button", { type: "button", id: "challenge-submit", "data-type": "android.widget.Button",
          "data-rid": "{package}:id/czv_submit_button", "class": "primary" }, "Submit"),
        make("button", { type: "button", id: "challenge-resend", "data-type": "android.widget.Button",
          "data-rid": "{package}:id/czv_resend_button" }, "Resend code")
      ]),
      container({ id: "web-challenge", "class": "overlay", hidden: "" }, [
        make("div", { "data-type": "android.webkit.WebView", "data-text": "3D Secure 2 Test Page" }, [
          container({ "data-text": "" }, [
            label("3D Secure 2 Test Page", { "class": "heading" }),
            make("button", { type: "button", id: "web-complete", "data-type": "android.widget.Button",
              "data-rid": "test-source-authorize-3ds", "class": "primary" }, "COMPLETE"),
            make("button", { type: "button", id: "web-fail", "data-type": "android.widget.Button",
              "data-rid": "test-source-fail-3ds" }, "FAIL")
          ])
        ])
      ]),
      make("div", { id: "wallet-sheet", "class": "overlay wallet-sheet", hidden: "",
        "data-type": "android.widget.FrameLayout", "data-pkg": "com.google.android.gms", "data-text": "" }, [
        label("Google Pay", { "data-pkg": "com.google.android.gms", "class": "heading" }),
        label("Test card (Visa)", { "data-pkg": "com.google.android.gms" }),
        make("button", { type: "button", id: "wallet-confirm", "data-type": "android.widget.Button",
          "data-pkg": "com.google.android.gms", "class": "primary" }, "Continue")
      ])
    ];
  }

  function wire() {
    $("sign_in").addEventListener("click", signIn);
    $("log_out").addEventListener("click", logOut);
    $("add_payment_method").addEventListener("click", addPaymentMethod);
    $("start_charging").addEventListener("click", startCharging);
    $("stop_charging").addEventListener("click", stopCharging);
    $("open_debts").addEventListener("click", loadDebts);
    $("debts").addEventListener("click", function (event) {
      var row = event.target.closest("[data-session]");
      if (row && event.target.closest("button")) {
        payDebt(row.getAttribute("data-session"));
      }
    });
    $("sheet-close").addEventListener("click", function () { finishSheet({ status: "canceled" }); });
    $("primary-button").addEventListener("click", confirmCard);
    ["card-number", "card-expiry", "card-cvc"].forEach(function (id) {
      fieldInput($(id)).addEventListener("input", updatePrimary);
    });
    $("wallet-button").addEventListener("click", openWallet);
    $("wallet-confirm").addEventListener("click", payWithWallet);
    if (IOS) {
      $("wallet-cancel").addEventListener("click", function () { $("wallet-sheet").hidden = true; });
      $("wallet-change").addEventListener("click", function () {
        $("wallet-change").hidden = true;
        $("wallet-card").hidden = false;
      });
      $("wallet-card").addEventListener("click", function () { $("wallet-card").setAttribute("data-value", "selected"); });
      $("challenge-cancel").addEventListener("click", function () { authenticate("fail"); });
      // The keyboard's toolbar shows while a card field has focus; "Done" dismisses the keyboard.
      $("sheet").addEventListener("focusin", function (event) { $("keyboard").hidden = !event.target.matches("input"); });
      $("sheet").addEventListener("focusout", function () { $("keyboard").hidden = true; });
      $("keyboard-done").addEventListener("mousedown", function (event) { event.preventDefault(); });
      $("keyboard-done").addEventListener("click", function () {
        if (document.activeElement) {
          document.activeElement.blur();
        }
      });
    }
    $("challenge-submit").addEventListener("click", function () {
      authenticate(fieldInput($("challenge-code")).value.trim() === AUTH_CODE ? "complete" : "fail");
    });
    $("web-complete").addEventListener("click", function () { authenticate("complete"); });
    $("web-fail").addEventListener("click", function () { authenticate("fail"); });
  }

  function start() {
    var device = $("device");
    device.setAttribute("data-platform", PLATFORM);
    device.appendChild(buildHost());
    (IOS ? iosSheet() : androidSheet()).forEach(function (part) { device.appendChild(part); });
    wire();
    render();
    fetch("../config.json", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (loaded) {
        config = loaded;
        faultModes = loaded.fault_modes || [];
        device.setAttribute("data-package", config.app_package);
        device.setAttribute("data-app-name", config.app_name);
        device.setAttribute("data-ready", "true");
      })
      .catch(function (error) { say("The app could not start: " + error.message); });
  }

  start();
})();
