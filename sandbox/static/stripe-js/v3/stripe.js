/*
 * Stripe.js stand-in for the connect-cert sandbox (served at /stripe-js/v3/).
 *
 * What a test can see matches Stripe.js v3: Elements render as iframes named __privateStripeFrame<digits>
 * ("Secure payment input frame", "Secure card payment input frame") plus hidden accessory frames; a 3DS
 * challenge opens as a __privateStripeFrame overlay holding an iframe named "stripe-challenge-frame";
 * promises resolve with {setupIntent}, {paymentIntent} or {error: {type, code, decline_code, message,
 * setup_intent | payment_intent}}; argument mistakes reject with an IntegrationError.
 *
 * Card data never reaches the embedding page: the element frame sends it to the emulator
 * (POST /stripe/v1/payment_methods) and answers with the PaymentMethod; this script then confirms the
 * intent with that id. Frames and page talk only through postMessage, as Stripe's cross-origin frames do.
 */
(function () {
  "use strict";

  if (window.Stripe && window.Stripe.standIn) {
    return;
  }

  var script = document.currentScript;
  var scriptUrl = new URL(script ? script.src : "/stripe-js/v3/", location.href);
  var FRAMES = new URL(scriptUrl.pathname.replace(/\/?$/, "/"), scriptUrl).href; // .../stripe-js/v3/
  var FRAME_ORIGIN = new URL(FRAMES).origin;
  var API = new URL("../../stripe/v1/", FRAMES).href; // the emulator beside the stand-in
  var MESSAGE_TAG = "__stripeStandIn";
  var HIDDEN_FRAME_STYLE = "border:none!important;margin:0!important;padding:0!important;width:1px!important;" +
    "min-width:100%!important;overflow:hidden!important;display:block!important;visibility:hidden!important;" +
    "position:fixed!important;height:1px!important;pointer-events:none!important;user-select:none!important;";
  var VISIBLE_FRAME_STYLE = "border:none!important;margin:0!important;padding:0!important;width:1px!important;" +
    "min-width:100%!important;overflow:hidden!important;display:block!important;user-select:none!important;";

  var frameSeq = 0;
  var elementSeq = 0;
  var requestSeq = 0;
  var listeners = {}; // elementId or challenge frame name -> function(message, event)

  function frameName() {
    frameSeq += 1;
    return "__privateStripeFrame" + String(5000 + frameSeq);
  }

  function integrationError(message) {
    var error = new Error(message);
    error.name = "IntegrationError";
    return error;
  }

  function encodeForm(value, prefix, pairs) {
    pairs = pairs || [];
    if (value === undefined || value === null) {
      return pairs;
    }
    if (Array.isArray(value)) {
      value.forEach(function (item, i) { encodeForm(item, prefix + "[" + i + "]", pairs); });
    } else if (typeof value === "object") {
      Object.keys(value).forEach(function (k) { encodeForm(value[k], prefix ? prefix + "[" + k + "]" : k, pairs); });
    } else {
      pairs.push(encodeURIComponent(prefix) + "=" + encodeURIComponent(String(value)));
    }
    return pairs;
  }

  function withQuery(url, params) {
    var target = new URL(url, location.href);
    Object.keys(params).forEach(function (k) { target.searchParams.append(k, params[k]); });
    return target.href;
  }

  function navigate(url) {
    location.assign(url);
    return new Promise(function () { /* the page is leaving, as with Stripe.js */ });
  }

  // A client secret names its intent: seti_X_secret_Y / pi_X_secret_Y.
  function intentIdOf(secret, prefix, method) {
    var match = /^((seti|pi)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(typeof secret === "string" ? secret : "");
    var wanted = prefix === "seti" ? "SetupIntent" : "PaymentIntent";
    if (!match) {
      throw integrationError("Invalid value for " + method + ": clientSecret should be a " + wanted +
        " client secret of the form ${id}_secret_${secret}.");
    }
    if (match[2] !== prefix) {
      var given = match[2] === "seti" ? "SetupIntent" : "PaymentIntent";
      throw integrationError("Invalid value for " + method + ": expected a " + wanted + " client secret, " +
        "but a " + given + " client secret was given.");
    }
    return match[1];
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== FRAME_ORIGIN || !data || data[MESSAGE_TAG] !== true) {
      return;
    }
    var listener = listeners[data.elementId || data.frame];
    if (listener) {
      listener(data, event);
    }
  });

  function makeFrame(file, title, hash, visible) {
    var iframe = document.createElement("iframe");
    iframe.name = frameName();
    iframe.setAttribute("frameborder", "0");
    iframe.setAttribute("allowtransparency", "true");
    iframe.setAttribute("scrolling", "no");
    iframe.setAttribute("role", "presentation");
    iframe.setAttribute("allow", "payment *");
    iframe.title = title;
    iframe.setAttribute("style", visible ? VISIBLE_FRAME_STYLE : HIDDEN_FRAME_STYLE);
    var fragment = new URLSearchParams(hash);
    fragment.set("origin", location.origin);
    fragment.set("frame", iframe.name); // a frame tags its messages with its own name
    iframe.src = FRAMES + file + "#" + fragment.toString();
    return iframe;
  }

  // --- Element ---------------------------------------------------------------------------------

  var ELEMENT_KINDS = {
    payment: { file: "elements-inner-payment.html", title: "Secure payment input frame", height: 260 },
    card: { file: "elements-inner-card.html", title: "Secure card payment input frame", height: 40 }
  };

  function Element(group, type, options) {
    elementSeq += 1;
    this.id = "element" + elementSeq;
    this._group = group;
    this._type = type;
    this._options = options || {};
    this._handlers = {};
    this._ready = false;
    this._queue = [];
    this._pending = {};
    this._destroyed = false;
    this._host = null;
    this._container = null;
    this._frame = null;
    this._state = { empty: true, complete: false };
    listeners[this.id] = this._receive.bind(this);
  }

  Element.prototype.on = function (event, handler) {
    (this._handlers[event] = this._handlers[event] || []).push(handler);
    return this;
  };

  Element.prototype.off = function (event, handler) {
    var list = this._handlers[event] || [];
    this._handlers[event] = handler ? list.filter(function (h) { return h !== handler; }) : [];
    return this;
  };

  Element.prototype.once = function (event, handler) {
    var self = this;
    function wrapper(payload) { self.off(event, wrapper); handler(payload); }
    return this.on(event, wrapper);
  };

  Element.prototype._emit = function (event, payload) {
    (this._handlers[event] || []).slice().forEach(function (handler) { handler(payload); });
  };

  Element.prototype.mount = function (target) {
    if (this._destroyed) {
      throw integrationError("This Element has already been destroyed. Please create a new one.");
    }
    if (this._container) {
      throw integrationError("This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.");
    }
    var host = typeof target === "string" ? document.querySelector(target) : target;
    if (!host || !host.appendChild) {
      throw integrationError("The selector you specified (" + String(target) + ") applies to no DOM elements that are currently on the page.");
    }
    var kind = ELEMENT_KINDS[this._type];
    var self = this;
    this._host = host;
    this._container = document.createElement("div");
    this._container.className = "__PrivateStripeElement";
    this._container.setAttribute("style", "margin:0!important;padding:0!important;border:none!important;" +
      "display:block!important;background:transparent!important;position:relative!important;opacity:1!important;");
    host.appendChild(this._container);
    host.classList.add("StripeElement", "StripeElement--empty");
    this._group._frameParams(this._type, this._options).then(function (hash) {
      if (!self._container) {
        return;
      }
      hash.id = self.id;
      self._frame = makeFrame(kind.file, kind.title, hash, true);
      self._frame.style.setProperty("height", kind.height + "px", "important");
      self._container.appendChild(self._frame);
      if (self._type === "payment") {
        // Stripe's Payment Element keeps a hidden accessory frame beside the visible one.
        self._accessory = makeFrame("elements-inner-accessory.html", kind.title, { id: self.id + "-accessory" }, false);
        self._container.appendChild(self._accessory);
      }
    }, function (error) {
      self._emit("loaderror", { elementType: self._type, error: error });
    });
    return this;
  };

  Element.prototype.unmount = function () {
    if (this._container && this._container.parentNode) {
      this._container.parentNode.removeChild(this._container);
    }
    if (this._host) {
      this._host.classList.remove("StripeElement", "StripeElement--empty", "StripeElement--complete",
        "StripeElement--invalid", "StripeElement--focus");
    }
    this._container = null;
    this._frame = null;
    this._host = null;
    this._ready = false;
    this._queue = [];
    var pending = this._pending;
    this._pending = {};
    Object.keys(pending).forEach(function (k) {
      pending[k]({ error: { type: "validation_error", message: "The Element was unmounted." } });
    });
    return this;
  };

  Element.prototype.destroy = function () {
    this.unmount();
    this._destroyed = true;
    delete listeners[this.id];
    this._group._forget(this);
  };

  Element.prototype._post = function (type, payload) {
    var message = { type: type, payload: payload || {} };
    message[MESSAGE_TAG] = true;
    if (this._ready && this._frame && this._frame.contentWindow) {
      this._frame.contentWindow.postMessage(message, FRAME_ORIGIN);
    } else {
      this._queue.push(message);
    }
  };

  Element.prototype._request = function (type, payload) {
    var self = this;
    if (!this._container) {
      return Promise.reject(integrationError("The Element is not mounted: mount it before confirming."));
    }
    requestSeq += 1;
    var requestId = "req" + requestSeq;
    return new Promise(function (resolve) {
      self._pending[requestId] = resolve;
      self._post(type, Object.assign({ requestId: requestId }, payload || {}));
    });
  };

  Element.prototype._receive = function (message, event) {
    if (!this._frame || event.source !== this._frame.contentWindow) {
      return;
    }
    var payload = message.payload || {};
    switch (message.type) {
      case "ready":
        this._ready = true;
        var queue = this._queue;
        this._queue = [];
        for (var i = 0; i < queue.length; i += 1) {
          this._frame.contentWindow.postMessage(queue[i], FRAME_ORIGIN);
        }
        this._emit("ready", { elementType: this._type });
        break;
      case "resize":
        this._frame.style.setProperty("height", Math.ceil(payload.height) + "px", "important");
        break;
      case "change":
        this._state = payload;
        this._host.classList.toggle("StripeElement--empty", !!payload.empty);
        this._host.classList.toggle("StripeElement--complete", !!payload.complete);
        this._host.classList.toggle("StripeElement--invalid", !!payload.error);
        this._emit("change", payload);
        break;
      case "focus":
      case "blur":
        this._host.classList.toggle("StripeElement--focus", message.type === "focus");
        this._emit(message.type, { elementType: this._type });
        break;
      case "response":
        var resolve = this._pending[payload.requestId];
        delete this._pending[payload.requestId];
        if (resolve) {
          resolve(payload.result);
        }
        break;
      default:
        break;
    }
  };

  Element.prototype.update = function (options) {
    Object.assign(this._options, options || {});
    this._post("update", { options: options || {} });
  };

  Element.prototype.clear = function () { this._post("clear"); };
  Element.prototype.focus = function () { this._post("focus"); };
  Element.prototype.blur = function () { this._post("blur"); };

  // Validate the fields and, when complete, create the PaymentMethod from inside the frame.
  Element.prototype._createPaymentMethod = function (billingDetails) {
    return this._request("createPaymentMethod", { billing_details: billingDetails || null });
  };

  Element.prototype._validate = function () {
    return this._request("validate");
  };

  // --- Elements group ------------------------------------------------------------------------

  function Elements(stripe, options) {
    this._stripe = stripe;
    this._options = options || {};
    this._elements = {};
    this._submitted = false;
    this._clientSecret = this._options.clientSecret || null;
    this._intent = null;
    if (this._clientSecret) {
      this._intent = stripe._retrieveAny(this._clientSecret);
    }
  }

  Elements.prototype.create = function (type, options) {
    if (!ELEMENT_KINDS[type]) {
      throw integrationError("A valid Element name must be provided. Valid Elements are: payment, card; you passed: " + type + ".");
    }
    if (this._elements[type]) {
      throw integrationError("Can only create one Element of type " + type + ".");
    }
    if (type === "payment" && !this._clientSecret && !this._options.mode) {
      throw integrationError("In order to create a payment element, you must pass a valid PaymentIntent or SetupIntent client secret when creating the Elements group, or a mode.");
    }
    var element = new Element(this, type, options);
    this._elements[type] = element;
    return element;
  };

  Elements.prototype.getElement = function (type) {
    return this._elements[type] || null;
  };

  Elements.prototype._forget = function (element) {
    if (this._elements[element._type] === element) {
      delete this._elements[element._type];
    }
  };

  Elements.prototype.update = function (options) {
    Object.assign(this._options, options || {});
  };

  Elements.prototype.fetchUpdates = function () {
    return Promise.resolve({});
  };

  // The deferred-intent flow must call submit() before creating the intent and confirming.
  Elements.prototype.submit = function () {
    var element = this._elements.payment;
    var self = this;
    if (!element) {
      return Promise.resolve({ error: { type: "validation_error", message: "No Payment Element to submit." } });
    }
    return element._validate().then(function (result) {
      self._submitted = !(result && result.error);
      return result && result.error ? { error: result.error } : {};
    });
  };

  Elements.prototype._frameParams = function (type, options) {
    var stripe = this._stripe;
    var group = this._options;
    var defaults = ((options.defaultValues || {}).billingDetails || {}).address || {};
    var hash = {
      componentName: type,
      key: stripe._key,
      locale: group.locale || stripe._options.locale || "auto",
      hidePostalCode: options.hidePostalCode ? "true" : "false",
      country: defaults.country || ""
    };
    if (type !== "payment") {
      return Promise.resolve(hash);
    }
    var types = group.paymentMethodTypes || ["card"];
    if (!this._intent) {
      hash.types = types.join(",");
      return Promise.resolve(hash);
    }
    return this._intent.then(function (result) {
      if (result.error) {
        throw result.error;
      }
      hash.types = (result.intent.payment_method_types || ["card"]).join(",");
      return hash;
    });
  };

  // --- Stripe ----------------------------------------------------------------------------------

  function StripeStandIn(key, options) {
    this._key = key;
    this._options = options || {};
    addController();
  }

  var controllerAdded = false;

  function addController() {
    if (controllerAdded) {
      return;
    }
    controllerAdded = true;
    function add() {
      var controller = makeFrame("controller.html", "", {}, false);
      controller.name = "__privateStripeController" + String(5000 + frameSeq);
      controller.removeAttribute("title");
      controller.setAttribute("aria-hidden", "true");
      controller.tabIndex = -1;
      document.body.appendChild(controller);
    }
    if (document.body) {
      add();
    } else {
      document.addEventListener("DOMContentLoaded", add);
    }
  }

  StripeStandIn.prototype._api = function (method, path, params) {
    var body = encodeForm(Object.assign({ key: this._key }, params || {})).join("&");
    var url = API + path;
    var init = { method: method, credentials: "omit", headers: {} };
    if (method === "GET") {
      url += "?" + body;
    } else {
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
      init.body = body;
    }
    return fetch(url, init).then(function (response) {
      return response.json().then(function (json) {
        return { status: response.status, body: json };
      });
    }).catch(function () {
      return {
        status: 0,
        body: { error: { type: "api_connection_error", message: "We could not connect to Stripe. Please check your connection and try again." } }
      };
    });
  };

  StripeStandIn.prototype.elements = function (options) {
    return new Elements(this, options);
  };

  function pathOf(kind, id) {
    return (kind === "setup_intent" ? "setup_intents/" : "payment_intents/") + id;
  }

  function resultKey(kind) {
    return kind === "setup_intent" ? "setupIntent" : "paymentIntent";
  }

  StripeStandIn.prototype._retrieve = function (kind, secret) {
    var id = intentIdOf(secret, kind === "setup_intent" ? "seti" : "pi",
      kind === "setup_intent" ? "retrieveSetupIntent" : "retrievePaymentIntent");
    return this._api("GET", pathOf(kind, id), { client_secret: secret }).then(function (res) {
      return res.status === 200 ? { intent: res.body } : { error: res.body.error };
    });
  };

  StripeStandIn.prototype._retrieveAny = function (secret) {
    var kind = /^seti_/.test(String(secret)) ? "setup_intent" : "payment_intent";
    try {
      return this._retrieve(kind, secret);
    } catch (error) {
      return Promise.resolve({ error: { type: "invalid_request_error", message: error.message } });
    }
  };

  StripeStandIn.prototype.retrieveSetupIntent = function (secret) {
    var self = this;
    return Promise.resolve().then(function () { return self._retrieve("setup_intent", secret); })
      .then(function (r) { return r.error ? { error: r.error } : { setupIntent: r.intent }; });
  };

  StripeStandIn.prototype.retrievePaymentIntent = function (secret) {
    var self = this;
    return Promise.resolve().then(function () { return self._retrieve("payment_intent", secret); })
      .then(function (r) { return r.error ? { error: r.error } : { paymentIntent: r.intent }; });
  };

  var SUCCESS = {
    setup_intent: ["succeeded", "processing"],
    payment_intent: ["succeeded", "requires_capture", "processing"]
  };

  // Where a confirmation ends: the intent, the redirect (redirect: "always"), or Stripe's error.
  StripeStandIn.prototype._finish = function (kind, secret, intent, redirect, returnUrl) {
    if (SUCCESS[kind].indexOf(intent.status) >= 0) {
      if (redirect === "always" && returnUrl) {
        var query = {};
        query[kind] = intent.id;
        query[kind + "_client_secret"] = secret;
        query.redirect_status = "succeeded";
        return navigate(withQuery(returnUrl, query));
      }
      var ok = {};
      ok[resultKey(kind)] = intent;
      return ok;
    }
    var last = (kind === "setup_intent" ? intent.last_setup_error : intent.last_payment_error) || {
      type: "invalid_request_error",
      code: kind + "_unexpected_state",
      message: "The " + (kind === "setup_intent" ? "SetupIntent" : "PaymentIntent") + " is " + intent.status + "."
    };
    var error = Object.assign({}, last);
    error[kind] = intent;
    return { error: error };
  };

  StripeStandIn.prototype._handleActions = function (kind, secret, intent, redirect, returnUrl) {
    var self = this;
    if (intent.status !== "requires_action" || !intent.next_action) {
      return Promise.resolve(this._finish(kind, secret, intent, redirect, returnUrl));
    }
    var action = intent.next_action;
    if (action.type === "redirect_to_url") {
      return navigate(action.redirect_to_url.url);
    }
    if (action.type !== "use_stripe_sdk") {
      return Promise.resolve(this._finish(kind, secret, intent, redirect, returnUrl));
    }
    return openChallenge(action.use_stripe_sdk.stripe_js).then(function () {
      return self._retrieve(kind, secret);
    }).then(function (r) {
      if (r.error) {
        return { error: r.error };
      }
      return self._finish(kind, secret, r.intent, redirect, returnUrl);
    });
  };

  StripeStandIn.prototype._confirm = function (kind, secret, params, redirect, returnUrl, handleActions) {
    var self = this;
    var id = intentIdOf(secret, kind === "setup_intent" ? "seti" : "pi", "confirm");
    var form = Object.assign({ client_secret: secret, use_stripe_sdk: "true" }, params);
    if (returnUrl) {
      form.return_url = returnUrl;
    }
    return this._api("POST", pathOf(kind, id) + "/confirm", form).then(function (res) {
      if (res.status !== 200) {
        return { error: res.body.error || { type: "api_error", message: "Unexpected answer from Stripe." } };
      }
      if (handleActions === false) {
        var raw = {};
        raw[resultKey(kind)] = res.body;
        return raw;
      }
      return self._handleActions(kind, secret, res.body, redirect, returnUrl);
    });
  };

  StripeStandIn.prototype._confirmWithElements = function (kind, method, options) {
    var self = this;
    options = options || {};
    var prefix = kind === "setup_intent" ? "seti" : "pi";
    var elements = options.elements || null;
    var secret = options.clientSecret || (elements && elements._clientSecret);
    var confirmParams = Object.assign({}, options.confirmParams || {});
    var redirect = options.redirect || "always";
    if (!secret) {
      throw integrationError("stripe." + method + "(): a clientSecret is required (in the Elements group or as clientSecret).");
    }
    intentIdOf(secret, prefix, method);
    if (redirect !== "if_required" && redirect !== "always") {
      throw integrationError("stripe." + method + "(): redirect must be 'always' or 'if_required'.");
    }
    if (redirect === "always" && !confirmParams.return_url) {
      throw integrationError("stripe." + method + "(): the `confirmParams.return_url` argument is required unless passing `redirect: 'if_required'`.");
    }
    var returnUrl = confirmParams.return_url;
    delete confirmParams.return_url;
    var billing = (confirmParams.payment_method_data || {}).billing_details;
    delete confirmParams.payment_method_data;
    if (typeof confirmParams.payment_method === "string" || !elements) {
      if (kind === "setup_intent" && !confirmParams.payment_method) {
        throw integrationError("stripe.confirmSetup(): pass `elements` with a mounted Payment Element, or a payment_method.");
      }
      return this._confirm(kind, secret, confirmParams, redirect, returnUrl);
    }
    var element = elements.getElement("payment");
    if (!element) {
      throw integrationError("stripe." + method + "(): the Elements group has no Payment Element.");
    }
    if (!elements._clientSecret && !elements._submitted) {
      throw integrationError("elements.submit() must be called before stripe." + method + "().");
    }
    return element._createPaymentMethod(billing).then(function (created) {
      if (created.error) {
        return { error: created.error };
      }
      confirmParams.payment_method = created.paymentMethod.id;
      return self._confirm(kind, secret, confirmParams, redirect, returnUrl);
    });
  };

  StripeStandIn.prototype.confirmSetup = function (options) {
    var self = this;
    return Promise.resolve().then(function () { return self._confirmWithElements("setup_intent", "confirmSetup", options); });
  };

  StripeStandIn.prototype.confirmPayment = function (options) {
    var self = this;
    return Promise.resolve().then(function () { return self._confirmWithElements("payment_intent", "confirmPayment", options); });
  };

  StripeStandIn.prototype._confirmCard = function (kind, method, secret, data, options) {
    var self = this;
    data = data || {};
    intentIdOf(secret, kind === "setup_intent" ? "seti" : "pi", method);
    var handleActions = !(options && options.handleActions === false);
    var returnUrl = data.return_url || null;
    var pm = data.payment_method;
    if (typeof pm === "string" || (pm === undefined && kind === "payment_intent")) {
      return this._confirm(kind, secret, pm ? { payment_method: pm } : {}, "if_required", returnUrl, handleActions);
    }
    if (!pm || typeof pm !== "object" || !(pm.card instanceof Element)) {
      throw integrationError("stripe." + method + "(): payment_method must be a PaymentMethod id or {card: <card Element>}.");
    }
    if (pm.card._type !== "card") {
      throw integrationError("stripe." + method + "(): payment_method.card must be a card Element.");
    }
    return pm.card._createPaymentMethod(pm.billing_details).then(function (created) {
      if (created.error) {
        return { error: created.error };
      }
      return self._confirm(kind, secret, { payment_method: created.paymentMethod.id }, "if_required", returnUrl, handleActions);
    });
  };

  StripeStandIn.prototype.confirmCardSetup = function (secret, data, options) {
    var self = this;
    return Promise.resolve().then(function () { return self._confirmCard("setup_intent", "confirmCardSetup", secret, data, options); });
  };

  StripeStandIn.prototype.confirmCardPayment = function (secret, data, options) {
    var self = this;
    return Promise.resolve().then(function () { return self._confirmCard("payment_intent", "confirmCardPayment", secret, data, options); });
  };

  StripeStandIn.prototype.handleNextAction = function (options) {
    var self = this;
    var secret = (options || {}).clientSecret;
    var kind = /^seti_/.test(String(secret)) ? "setup_intent" : "payment_intent";
    return Promise.resolve().then(function () { return self._retrieve(kind, secret); }).then(function (r) {
      if (r.error) {
        return { error: r.error };
      }
      return self._handleActions(kind, secret, r.intent, "if_required", null);
    });
  };

  StripeStandIn.prototype.createPaymentMethod = function (data) {
    data = data || {};
    var element = data.elements ? data.elements.getElement("payment") : data.card;
    if (!(element instanceof Element)) {
      return Promise.reject(integrationError("stripe.createPaymentMethod(): pass {elements} or {type: 'card', card: <card Element>}."));
    }
    var billing = data.billing_details || (data.params && data.params.billing_details);
    return element._createPaymentMethod(billing);
  };

  // Wallets: the sandbox registers no domain, so no Apple Pay / Google Pay is ever available.
  StripeStandIn.prototype.paymentRequest = function (options) {
    return {
      options: options,
      canMakePayment: function () { return Promise.resolve(null); },
      on: function () { return this; },
      update: function () {},
      show: function () { throw integrationError("paymentRequest.show(): no wallet is available on this domain."); }
    };
  };

  // --- 3DS challenge ---------------------------------------------------------------------------

  function openChallenge(url) {
    return new Promise(function (resolve) {
      var overlay = makeFrame("three-ds-2-challenge.html", "Secure payment challenge frame", { url: url }, true);
      overlay.setAttribute("style", "border:none!important;margin:0!important;padding:0!important;" +
        "position:fixed!important;top:0!important;left:0!important;width:100%!important;height:100%!important;" +
        "z-index:2147483647!important;background:transparent!important;display:block!important;");
      listeners[overlay.name] = function (message, event) {
        if (event.source !== overlay.contentWindow || message.type !== "challenge-result") {
          return;
        }
        delete listeners[overlay.name];
        if (overlay.parentNode) {
          overlay.parentNode.removeChild(overlay);
        }
        resolve(message.outcome);
      };
      document.body.appendChild(overlay);
    });
  }

  // --- entry point -----------------------------------------------------------------------------

  function Stripe(key, options) {
    if (typeof key !== "string" || !key) {
      throw integrationError("Please call Stripe() with your publishable key. You used an empty string.");
    }
    if (/^(sk|rk)_/.test(key)) {
      throw integrationError("You should not use your secret key with Stripe.js. Please pass a publishable key instead.");
    }
    if (/^pk_live_/.test(key)) {
      throw integrationError("This Stripe.js stand-in talks to a test-mode sandbox: use a pk_test_ key.");
    }
    if (!/^pk_test_/.test(key)) {
      throw integrationError("Invalid API Key provided: use a publishable key (pk_test_...).");
    }
    return new StripeStandIn(key, options);
  }

  Stripe.version = 3;
  Stripe.standIn = true;
  window.Stripe = Stripe;
})();
