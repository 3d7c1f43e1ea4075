/*
 * The reference web client: what a partner's web app does with the Connect API and Stripe Elements.
 *
 * Sign in (partner token + user id), add a card in setup mode from the Connect API's SetupIntent,
 * list / make default / delete, start and stop charging (a 402 pre_authorization_failed is confirmed
 * with the saved card, then start is called again), pay open debts, log out.
 *
 * ?element=payment (default): Payment Element + confirmSetup / confirmPayment with a return_url.
 * ?element=card: the legacy Card Element + confirmCardSetup / confirmCardPayment.
 * ?redirect=always: confirmSetup redirects to the return_url even when no redirect is needed.
 *
 * This page calls the Connect API from the browser with the partner token, which is fine for a sandbox;
 * a real partner app makes these calls from its backend and never gives its token to a browser.
 *
 * For `connect-cert selftest` the sandbox can make this client wrong on purpose: `config.json` lists the active
 * fault modes (`fault_modes`), and each `fault("…")` branch below is one of the `web_client.*` faults
 * (sandbox/faults/clients.py). Without fault modes none of those branches runs.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "connect-cert-playground";
  var query = new URLSearchParams(location.search);
  var variant = query.get("element") === "card" ? "card" : "payment";
  var redirectMode = query.get("redirect") === "always" ? "always" : "if_required";
  var basePath = location.pathname.replace(/payment-redirect$/, "");

  var config = null;
  var stripe = null;
  var elements = null;
  var element = null;
  var setupSecret = null;
  var methods = [];
  var debtSecrets = {};
  var faultModes = [];
  var session = load();

  function $(selector) { return document.querySelector(selector); }

  function fault(name) { return faultModes.indexOf("web_client." + name) >= 0; }

  // --- state kept across the return_url redirect (this tab only) --------------------------------

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function save() {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  }

  function forget() {
    session = {};
    sessionStorage.removeItem(STORAGE_KEY);
  }

  function setPending(pending) {
    session.pending = pending;
    save();
  }

  function takePending() {
    var pending = session.pending || null;
    delete session.pending;
    save();
    return pending;
  }

  // --- messages -----------------------------------------------------------------------------------

  function show(kind, text) {
    var box = $("#message");
    box.setAttribute("data-kind", kind);
    box.textContent = text;
    box.hidden = false;
  }

  function working(text) { show("info", text); }
  function success(text) { show("success", text); }
  function failure(text) { show("error", text); }

  function describe(res) {
    var body = res.body || {};
    if (body.error && body.error.details) {
      return body.detail ? body.detail + " (" + body.error.details + ")" : body.error.details;
    }
    return body.detail || "The Connect API answered " + res.status + ".";
  }

  // --- Connect API ------------------------------------------------------------------------------

  function connect(method, path, body) {
    var headers = { Accept: "application/json", Authorization: "Bearer " + session.token };
    var init = { method: method, headers: headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(config.connect_api_base + path, init).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { status: response.status, body: parsed };
      });
    }, function () {
      return { status: 0, body: { detail: "The Connect API cannot be reached." } };
    });
  }

  function userPath(rest) {
    return "/users/" + encodeURIComponent(session.userId) + "/" + (rest || "");
  }

  // --- Stripe ---------------------------------------------------------------------------------------

  function loadStripe() {
    return new Promise(function (resolve, reject) {
      if (window.Stripe) {
        resolve();
        return;
      }
      var tag = document.createElement("script");
      tag.src = config.stripe_js_url;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("Stripe.js could not be loaded.")); };
      document.head.appendChild(tag);
    }).then(function () {
      stripe = window.Stripe(config.publishable_key);
    });
  }

  function returnUrl() {
    return location.origin + basePath + "payment-redirect?element=" + variant;
  }

  // What a confirmation result means for the user: anything but an error is done.
  function succeeded(result) {
    var code = (result.error && result.error.code) || "";
    if (result.error && fault("ignores_3ds_result") && /authentication/.test(code)) { return true; }
    if (result.error && fault("success_on_decline") && result.error.type === "card_error") { return true; }
    return !result.error;
  }

  function errorText(result) {
    return (result.error && result.error.message) || "The payment method could not be confirmed.";
  }

  function confirmSavedCard(clientSecret, paymentMethodId) {
    if (variant === "card") {
      return stripe.confirmCardPayment(clientSecret, { payment_method: paymentMethodId });
    }
    return stripe.confirmPayment({
      clientSecret: clientSecret,
      confirmParams: { payment_method: paymentMethodId, return_url: returnUrl() },
      redirect: "if_required"
    });
  }

  function destroyElement() {
    if (element) {
      element.destroy();
    }
    element = null;
    elements = null;
    setupSecret = null;
    $("#card-errors").textContent = "";
    $("#element-mount").className = "";
  }

  // --- sign in / out --------------------------------------------------------------------------------

  function signIn(token, userId) {
    var kept = fault("logout_keeps_user") ? session.userId : null;
    session.token = token;
    session.userId = userId;
    if (kept) { session.userId = kept; }
    working("Signing in…");
    return connect("GET", userPath()).then(function (res) {
      if (res.status !== 200) {
        var reason = describe(res);
        forget();
        render();
        failure("Sign-in failed: " + reason);
        return;
      }
      session.email = res.body.email || "";
      save();
      render();
      success("Signed in.");
      return loadMethods();
    });
  }

  function logout() {
    if (fault("logout_keeps_user")) {
      logoutKeepingTheUser();
      return;
    }
    destroyElement();
    forget();
    methods = [];
    debtSecrets = {};
    $("#payment-methods").innerHTML = "";
    $("#debts").innerHTML = "";
    $("#sign-in-form").reset();
    render();
    success("Signed out.");
  }

  // The fault: the user id outlives the logout, and the list of payment methods stays on the page.
  function logoutKeepingTheUser() {
    destroyElement();
    session = { userId: session.userId };
    save();
    debtSecrets = {};
    $("#sign-in-form").reset();
    render();
    success("Signed out.");
  }

  // --- payment methods ------------------------------------------------------------------------------

  function loadMethods() {
    return connect("GET", userPath("payment-methods/?page_size=100")).then(function (res) {
      if (res.status !== 200) {
        failure("Payment methods could not be loaded: " + describe(res));
        return;
      }
      methods = res.body.results || [];
      renderMethods();
    });
  }

  function renderMethods() {
    var list = $("#payment-methods");
    list.innerHTML = "";
    methods.forEach(function (pm) {
      var card = pm.card || {};
      var item = document.createElement("li");
      item.setAttribute("data-testid", "payment-method");
      item.setAttribute("data-pm-id", pm.id);
      item.setAttribute("data-default", pm.default ? "true" : "false");
      item.innerHTML = '<span class="pm-type" data-testid="pm-type"></span>' +
        '<span class="pm-brand" data-testid="pm-brand"></span>' +
        '<span>•••• <span data-testid="pm-last4"></span></span>' +
        '<span class="pm-exp" data-testid="pm-expiry"></span>' +
        (pm.default ? '<span class="badge" data-testid="pm-default">Default</span>' :
          '<button type="button" data-action="default">Make default</button>') +
        '<button type="button" data-action="delete">Delete</button>';
      item.querySelector('[data-testid="pm-type"]').textContent = pm.type;
      item.querySelector('[data-testid="pm-brand"]').textContent = card.brand || "";
      item.querySelector('[data-testid="pm-last4"]').textContent = card.last4 || "";
      item.querySelector('[data-testid="pm-expiry"]').textContent = card.expiration_date || "";
      list.appendChild(item);
    });
    $('[data-testid="no-payment-methods"]').hidden = methods.length > 0;
  }

  function defaultMethod() {
    return methods.filter(function (pm) { return pm.default; })[0] || methods[0] || null;
  }

  function methodAction(pmId, action) {
    var path = userPath("payment-methods/" + encodeURIComponent(pmId) + "/" + (action === "default" ? "default/" : ""));
    working(action === "default" ? "Making it the default…" : "Deleting…");
    return connect(action === "default" ? "POST" : "DELETE", path).then(function (res) {
      if (res.status >= 300) {
        failure(describe(res));
        return;
      }
      success(action === "default" ? "Default payment method changed." : "Payment method deleted.");
      return loadMethods();
    });
  }

  function openAddForm() {
    destroyElement();
    working("Preparing the card form…");
    return connect("GET", userPath("setup-intents/?pm_type=card")).then(function (res) {
      if (res.status !== 200 || !res.body || !res.body.setup_intent_client_secret) {
        failure("The card form could not be prepared: " + describe(res));
        return;
      }
      setupSecret = res.body.setup_intent_client_secret;
      var mount = $("#element-mount");
      if (variant === "card") {
        elements = stripe.elements();
        element = elements.create("card", {});
        element.on("change", function (event) {
          $("#card-errors").textContent = event.error ? event.error.message : "";
        });
      } else {
        elements = stripe.elements({ clientSecret: setupSecret });
        var wallet = config.wallet_domain ? "auto" : "never";
        element = elements.create("payment", { layout: "tabs", wallets: { applePay: wallet, googlePay: wallet } });
        mount.className = "payment";
      }
      element.mount(mount);
      $("#add-card-form").hidden = false;
      $("#add-payment-method").hidden = true;
      $("#message").hidden = true;
    });
  }

  function closeAddForm() {
    destroyElement();
    $("#add-card-form").hidden = true;
    $("#add-payment-method").hidden = false;
  }

  function confirmNewCard() {
    if (variant === "card") {
      if (fault("payment_intent_for_setup")) {
        // The self-test's wrong client, on only in that fault mode. connect-cert: ignore[setup-intent-required]
        return stripe.confirmCardPayment(setupSecret, { payment_method: { card: element } });
      }
      return stripe.confirmCardSetup(setupSecret, { payment_method: { card: element } });
    }
    setPending({ action: "add" });
    if (fault("payment_intent_for_setup")) {
      // The self-test's wrong client, on only in that fault mode. connect-cert: ignore[setup-intent-required]
      return stripe.confirmPayment({ elements: elements, confirmParams: { return_url: returnUrl() }, redirect: redirectMode });
    }
    return stripe.confirmSetup({ elements: elements, confirmParams: { return_url: returnUrl() }, redirect: redirectMode });
  }

  function submitCard() {
    var button = $("#submit-card");
    button.disabled = true;
    working("Saving your card…");
    return confirmNewCard().then(function (result) {
      takePending();
      if (!succeeded(result)) {
        failure(errorText(result));
        return;
      }
      closeAddForm();
      success("Card saved.");
      return loadMethods();
    }).catch(function (error) {
      takePending();
      failure(error.message);
    }).then(function () {
      button.disabled = false;
    });
  }

  // --- charging ----------------------------------------------------------------------------------------

  function startCharging() {
    var evseId = $("#evse-id").value.trim();
    var pm = defaultMethod();
    if (!pm) {
      failure("Add a payment method before you start charging.");
      return Promise.resolve();
    }
    working("Starting…");
    return attemptStart(evseId, pm.id, true);
  }

  // A 402 pre_authorization_failed with a client secret asks the user to confirm the hold (3DS);
  // once confirmed, start again: the backend reuses the authorized PaymentIntent.
  function attemptStart(evseId, pmId, mayConfirm) {
    return connect("POST", userPath("charging/start/"), { evse_id: evseId, payment_method_id: pmId }).then(function (res) {
      if (res.status === 201) {
        session.activeSessionId = res.body.id;
        save();
        renderCharging();
        success("Charging started.");
        return;
      }
      var error = (res.body && res.body.error) || {};
      var confirms = mayConfirm && !fault("preauth_402_not_confirmed");
      if (res.status === 402 && error.type === "pre_authorization_failed" && error.payment_intent_client_secret && confirms) {
        working("Your bank asks you to confirm the pre-authorization…");
        setPending({ action: "start", evseId: evseId, pmId: pmId });
        return confirmSavedCard(error.payment_intent_client_secret, pmId).then(function (result) {
          takePending();
          if (!succeeded(result)) {
            failure(errorText(result));
            return;
          }
          return attemptStart(evseId, pmId, false);
        });
      }
      failure("Charging could not start: " + describe(res));
    }).catch(function (error) {
      takePending();
      failure(error.message);
    });
  }

  function stopCharging() {
    var sessionId = session.activeSessionId;
    working("Stopping…");
    return connect("POST", userPath("charging/stop/" + encodeURIComponent(sessionId) + "/")).then(function (res) {
      if (res.status !== 204) {
        failure("Charging could not stop: " + describe(res));
        return;
      }
      delete session.activeSessionId;
      save();
      renderCharging();
      success("Charging stopped.");
    });
  }

  function renderCharging() {
    var active = !!session.activeSessionId;
    $("#start-charging").hidden = active;
    $("#stop-charging").hidden = !active;
    $("#charging-status").textContent = active ? "Charging (session " + session.activeSessionId + ")" : "Not charging";
  }

  // --- debts -----------------------------------------------------------------------------------------

  function loadDebts() {
    return connect("GET", userPath("charging/debts/?page_size=100")).then(function (res) {
      if (res.status !== 200) {
        failure("Open debts could not be loaded: " + describe(res));
        return;
      }
      renderDebts(res.body.results || []);
    });
  }

  function renderDebts(debts) {
    var list = $("#debts");
    list.innerHTML = "";
    debtSecrets = {};
    debts.forEach(function (debt) {
      debtSecrets[debt.session_id] = debt.payment_intent_client_secret;
      var item = document.createElement("li");
      item.setAttribute("data-testid", "debt");
      item.setAttribute("data-session-id", debt.session_id);
      item.innerHTML = '<span data-testid="debt-amount"></span><button type="button" data-action="pay">Pay</button>';
      item.firstChild.textContent = debt.amount + " " + debt.currency;
      list.appendChild(item);
    });
    $('[data-testid="no-debts"]').hidden = debts.length > 0;
  }

  function payDebt(sessionId) {
    var pm = defaultMethod();
    var secret = debtSecrets[sessionId];
    if (!pm || !secret) {
      failure(pm ? "This debt cannot be paid from here." : "Add a payment method to pay this debt.");
      return Promise.resolve();
    }
    working("Paying…");
    setPending({ action: "pay-debt" });
    return confirmSavedCard(secret, pm.id).then(function (result) {
      takePending();
      if (!succeeded(result)) {
        failure(errorText(result));
        return;
      }
      success("Debt paid.");
      return loadDebts();
    }).catch(function (error) {
      takePending();
      failure(error.message);
    });
  }

  // --- back from a redirect (3DS page or redirect: "always") ------------------------------------------

  function handleReturn() {
    var kind = query.has("setup_intent") ? "setup_intent" : query.has("payment_intent") ? "payment_intent" : null;
    var secret = kind ? query.get(kind + "_client_secret") : null;
    // Keep client secrets out of the address bar and the history.
    history.replaceState(null, "", basePath + "?element=" + variant);
    var pending = takePending();
    if (!kind || !secret || !session.userId) {
      return Promise.resolve();
    }
    var retrieve = kind === "setup_intent" ? stripe.retrieveSetupIntent(secret) : stripe.retrievePaymentIntent(secret);
    return retrieve.then(function (result) {
      var intent = result.setupIntent || result.paymentIntent;
      var ok = intent && ["succeeded", "requires_capture", "processing"].indexOf(intent.status) >= 0;
      ok = ok || (fault("ignores_3ds_result") && !!intent);
      if (!ok) {
        var last = intent && (intent.last_setup_error || intent.last_payment_error);
        failure((last && last.message) || (result.error && result.error.message) || "Authentication failed.");
        return;
      }
      var action = pending ? pending.action : kind === "setup_intent" ? "add" : "";
      if (action === "start") {
        working("Starting…");
        return attemptStart(pending.evseId, pending.pmId, false);
      }
      if (action === "pay-debt") {
        success("Debt paid.");
        return loadDebts();
      }
      success(action === "add" ? "Card saved." : "Payment confirmed.");
      return loadMethods();
    });
  }

  // --- page -------------------------------------------------------------------------------------------

  function render() {
    var signedIn = !!session.userId && !!session.token;
    $("#sign-in").hidden = signedIn;
    $("#account").hidden = !signedIn;
    $("#wallet").hidden = !signedIn;
    $("#charging").hidden = !signedIn;
    $("#debts-section").hidden = !signedIn;
    $('[data-testid="signed-in-user"]').textContent = signedIn ? (session.email || session.userId) : "";
    if (!signedIn) {
      $("#add-card-form").hidden = true;
      $("#add-payment-method").hidden = false;
      $('[data-testid="no-payment-methods"]').hidden = true;
      $('[data-testid="no-debts"]').hidden = true;
    }
    renderCharging();
  }

  function wire() {
    $("#sign-in-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      signIn(form.elements.token.value.trim(), form.elements.user_id.value.trim());
    });
    $("#logout").addEventListener("click", logout);
    $("#add-payment-method").addEventListener("click", openAddForm);
    $("#cancel-add").addEventListener("click", closeAddForm);
    $("#add-card-form").addEventListener("submit", function (event) {
      event.preventDefault();
      submitCard();
    });
    $("#payment-methods").addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      var item = event.target.closest("[data-pm-id]");
      if (action && item) {
        methodAction(item.getAttribute("data-pm-id"), action);
      }
    });
    $("#start-charging").addEventListener("click", startCharging);
    $("#stop-charging").addEventListener("click", stopCharging);
    $("#open-debts").addEventListener("click", function () {
      working("Loading open debts…");
      loadDebts().then(function () {
        if ($("#message").getAttribute("data-kind") === "info") {
          $("#message").hidden = true;
        }
      });
    });
    $("#debts").addEventListener("click", function (event) {
      var item = event.target.closest("[data-session-id]");
      if (event.target.getAttribute("data-action") === "pay" && item) {
        payDebt(item.getAttribute("data-session-id"));
      }
    });
  }

  function start() {
    wire();
    render();
    fetch(basePath + "config.json", { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (loaded) {
        config = loaded;
        faultModes = loaded.fault_modes || [];
        return loadStripe();
      })
      .then(function () {
        document.body.setAttribute("data-ready", "true");
        if (/payment-redirect$/.test(location.pathname)) {
          return handleReturn();
        }
        if (session.userId && session.token) {
          return loadMethods();
        }
      })
      .catch(function (error) {
        failure("The page could not start: " + error.message);
      });
  }

  start();
})();
