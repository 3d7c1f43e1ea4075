/*
 * Stripe.js stand-in for the connect-cert sandbox (served at /stripe-js/v3/ and /stripe-js/<release>/stripe.js).
 *
 * Its surface is @stripe/stripe-js's type definitions: every method of the Stripe object, the Elements group,
 * each Element type and the PaymentRequest exists. Cards, setup, payment and wallets work against the
 * sandbox's Stripe emulator with Stripe.js's result shapes ({setupIntent}, {paymentIntent}, {paymentMethod},
 * {token}, {confirmationToken} or {error}); everything else rejects (or, for synchronous methods, throws)
 * an IntegrationError naming the method, as Stripe.js does for a mistake, never answering undefined.
 *
 * What a test can see matches Stripe.js: Elements render as iframes named __privateStripeFrame<digits>
 * ("Secure payment input frame", "Secure card payment input frame", "Secure card number input frame", ...)
 * plus hidden accessory frames; a 3DS challenge opens as a __privateStripeFrame overlay holding an iframe
 * named "stripe-challenge-frame".
 *
 * Card data never reaches the embedding page: an element frame sends it to the emulator
 * (POST /stripe/v1/payment_methods) and answers with the PaymentMethod; this script then confirms the intent
 * with that id. The split card Elements (cardNumber, cardExpiry, cardCvc) hand their fields to the number
 * frame over a BroadcastChannel of the frames' own origin. Frames and page talk only through postMessage.
 */
(function () {
  "use strict";

  if (window.Stripe && window.Stripe.standIn) {
    return;
  }

  // --- where this script lives --------------------------------------------------------------------

  var script = document.currentScript;
  var scriptUrl = new URL(script ? script.src : "/stripe-js/v3/", location.href);
  // /stripe-js/v3/, /stripe-js/v3/stripe.js or /stripe-js/<release>/stripe.js: the folder names the release.
  var scriptDir = new URL(scriptUrl.pathname.replace(/[^/]*\.js$/, "").replace(/\/?$/, "/"), scriptUrl);
  var release = /\/([A-Za-z0-9]+)\/$/.exec(scriptDir.pathname);
  var VERSION = !release || release[1] === "v3" ? 3 : release[1];
  var FRAMES = new URL("../v3/", scriptDir).href; // the frames are served once, under v3/
  var FRAME_ORIGIN = new URL(FRAMES).origin;
  // Loaded from Stripe's own host (a test routes js.stripe.com, api.stripe.com and hooks.stripe.com to the
  // sandbox), it calls Stripe's hosts as Stripe.js does; otherwise the emulator beside the stand-in. Never the
  // Host header the sandbox saw: behind a proxy that is not the origin the page loaded this script from.
  var ON_STRIPE = scriptUrl.hostname === "js.stripe.com";
  var SANDBOX_ROOT = new URL("../../", FRAMES).href;
  var API = ON_STRIPE ? "https://api.stripe.com/v1/" : new URL("stripe/v1/", SANDBOX_ROOT).href;
  var HOOKS_ROOT = ON_STRIPE ? "https://hooks.stripe.com/" : SANDBOX_ROOT; // where the 3DS test pages are
  var CHALLENGE_POLL_MS = 1000; // an overlay also closes when its challenge was answered elsewhere
  var MESSAGE_TAG = "__stripeStandIn";
  var USER_AGENT = "stripe.js/stand-in; connect-cert sandbox";
  var NOT_OFFERED = "is not offered by the connect-cert sandbox's Stripe.js stand-in, which implements cards, " +
    "setup, payment and wallets.";
  var HIDDEN_FRAME_STYLE = "border:none!important;margin:0!important;padding:0!important;width:1px!important;" +
    "min-width:100%!important;overflow:hidden!important;display:block!important;visibility:hidden!important;" +
    "position:fixed!important;height:1px!important;pointer-events:none!important;user-select:none!important;";
  var VISIBLE_FRAME_STYLE = "border:none!important;margin:0!important;padding:0!important;width:1px!important;" +
    "min-width:100%!important;overflow:hidden!important;display:block!important;user-select:none!important;";

  var frameSeq = 0;
  var elementSeq = 0;
  var groupSeq = 0;
  var requestSeq = 0;
  var listeners = {}; // elementId or overlay frame name -> function(message, event)

  function frameName() {
    frameSeq += 1;
    return "__privateStripeFrame" + String(5000 + frameSeq);
  }

  function integrationError(message) {
    var error = new Error(message);
    error.name = "IntegrationError";
    return error;
  }

  function rejecting(fn) {
    // Stripe.js's promise methods report argument mistakes as a rejected promise, not a throw.
    return function () {
      var self = this;
      var args = arguments;
      return Promise.resolve().then(function () { return fn.apply(self, args); });
    };
  }

  function isObject(value) {
    return value !== null && typeof value === "object";
  }

  function randomId(length) {
    var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    var bytes = new Uint8Array(length || 24);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return alphabet[b % alphabet.length]; }).join("");
  }

  function now() {
    return Math.floor(Date.now() / 1000);
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

  // The 3DS page of a next_action, on the host this script reaches the emulator through.
  function challengeUrl(url) {
    var given = new URL(url, location.href);
    var at = given.pathname.indexOf("/stripe/3ds/");
    return at < 0 ? given.href : new URL(given.pathname.slice(at + 1) + given.search, HOOKS_ROOT).href;
  }

  function navigate(url) {
    location.assign(url);
    return new Promise(function () { /* the page is leaving, as with Stripe.js */ });
  }

  var SECRET = /^((seti|pi)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;

  // A client secret names its intent: seti_X_secret_Y / pi_X_secret_Y.
  function intentIdOf(secret, prefix, method) {
    var match = SECRET.exec(typeof secret === "string" ? secret : "");
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

  function kindOfSecret(secret) {
    return /^seti_/.test(String(secret)) ? "setup_intent" : "payment_intent";
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

  // --- Element types (@stripe/stripe-js: elements-group.d.ts and elements/*.d.ts) --------------------

  var BASE_EVENTS = ["blur", "change", "escape", "focus", "ready"];
  var LOADER_EVENTS = BASE_EVENTS.concat(["loaderror", "loaderstart"]);
  var CARD_EVENTS = BASE_EVENTS.concat(["loaderror", "networkschange"]);

  // Element types that work here: each renders its own frame (or, for wallets, nothing: none is offered).
  var KINDS = {
    payment: {
      file: "elements-inner-payment.html", title: "Secure payment input frame", height: 260, intent: true,
      events: LOADER_EVENTS.concat(["availablepaymentmethodschange", "carddetailschange",
        "savedpaymentmethodremove", "savedpaymentmethodupdate"])
    },
    card: { file: "elements-inner-card.html", title: "Secure card payment input frame", height: 40, events: CARD_EVENTS },
    cardNumber: {
      file: "elements-inner-card-field.html", title: "Secure card number input frame", height: 40, field: "number",
      events: CARD_EVENTS
    },
    cardExpiry: {
      file: "elements-inner-card-field.html", title: "Secure expiration date input frame", height: 40,
      field: "expiry", events: BASE_EVENTS
    },
    cardCvc: {
      file: "elements-inner-card-field.html", title: "Secure CVC input frame", height: 40, field: "cvc",
      events: BASE_EVENTS
    },
    expressCheckout: {
      wallet: true, intent: true,
      events: ["availablepaymentmethodschange", "blur", "cancel", "click", "confirm", "escape", "focus", "loaderror",
        "ready", "shippingaddresschange", "shippingratechange"]
    }
  };

  // Element types Stripe.js has and the sandbox does not offer: present, they report a loaderror when mounted.
  var UNAVAILABLE = {
    address: { events: LOADER_EVENTS, getValue: true },
    shippingAddress: { events: LOADER_EVENTS },
    auBankAccount: { events: BASE_EVENTS },
    iban: { events: BASE_EVENTS },
    linkAuthentication: { events: LOADER_EVENTS },
    linkSignup: { events: ["blur", "escape", "focus", "loaderror", "loaderstart", "ready"] },
    contactDetails: { events: LOADER_EVENTS },
    paymentMethodMessaging: { events: ["ready"] },
    taxId: { events: LOADER_EVENTS, getValue: true },
    currencySelector: { events: ["blur", "escape", "focus", "loaderror", "ready"] },
    terms: { events: ["blur", "escape", "focus", "loaderror", "loaderstart", "ready"] },
    issuingCardNumberDisplay: { events: ["ready"] },
    issuingCardCvcDisplay: { events: [] },
    issuingCardExpiryDisplay: { events: [] },
    issuingCardPinDisplay: { events: [] },
    issuingCardCopyButton: { events: ["click"] }
  };

  var SPLIT_FIELDS = { cardNumber: "number", cardExpiry: "expiry", cardCvc: "cvc" };
  var DEFAULT_CLASSES = {
    base: "StripeElement", complete: "StripeElement--complete", empty: "StripeElement--empty",
    focus: "StripeElement--focus", invalid: "StripeElement--invalid", webkitAutofill: "StripeElement--webkit-autofill"
  };
  var LOADERS = ["auto", "always", "never"];

  function knownType(type) {
    return Object.prototype.hasOwnProperty.call(KINDS, type) || Object.prototype.hasOwnProperty.call(UNAVAILABLE, type);
  }

  function typeOf(typeOrComponent) {
    // @stripe/react-stripe-js passes its component (CardElement, PaymentElement), which names its type.
    if (typeof typeOrComponent === "string") {
      return typeOrComponent;
    }
    if (typeOrComponent && (typeof typeOrComponent === "function" || typeof typeOrComponent === "object") &&
        typeof typeOrComponent.__elementType === "string") {
      return typeOrComponent.__elementType;
    }
    return null;
  }

  function validElementNames() {
    return Object.keys(KINDS).concat(Object.keys(UNAVAILABLE)).join(", ");
  }

  // --- Element ---------------------------------------------------------------------------------------

  function Element(group, type, options) {
    elementSeq += 1;
    this.id = "element" + elementSeq;
    this._group = group;
    this._type = type;
    this._kind = KINDS[type] || null;
    this._events = (KINDS[type] || UNAVAILABLE[type]).events;
    this._options = Object.assign({}, options || {});
    this._handlers = {};
    this._ready = false;
    this._queue = [];
    this._pending = {};
    this._destroyed = false;
    this._host = null;
    this._container = null;
    this._frame = null;
    this._collapsed = false;
    this._state = { empty: true, complete: false };
    listeners[this.id] = this._receive.bind(this);
  }

  // on / once / off with the event names of each object's type, as Stripe.js's objects have them; an event
  // the type lacks is an IntegrationError. `this._events` lists the names, `this._describe()` names the object.
  function addEvents(proto) {
    proto._checkEvent = function (method, event, handler, needsHandler) {
      if (this._events.indexOf(event) < 0) {
        throw integrationError("Invalid value for " + method + "(): " + this._describe() + " has no '" + String(event) +
          "' event. Its events are: " + (this._events.join(", ") || "none") + ".");
      }
      if (needsHandler && typeof handler !== "function") {
        throw integrationError("Invalid value for " + method + "(): the handler must be a function.");
      }
    };
    proto.on = function (event, handler) {
      this._checkEvent("on", event, handler, true);
      (this._handlers[event] = this._handlers[event] || []).push(handler);
      return this;
    };
    proto.off = function (event, handler) {
      this._checkEvent("off", event, handler, false);
      var list = this._handlers[event] || [];
      this._handlers[event] = handler ? list.filter(function (h) { return h !== handler && h._original !== handler; }) : [];
      return this;
    };
    proto.once = function (event, handler) {
      this._checkEvent("once", event, handler, true);
      var self = this;
      function wrapper(payload) { self.off(event, wrapper); return handler(payload); }
      wrapper._original = handler;
      (this._handlers[event] = this._handlers[event] || []).push(wrapper);
      return this;
    };
  }

  addEvents(Element.prototype);

  Element.prototype._describe = function () {
    return "the " + this._type + " Element";
  };

  Element.prototype._emit = function (event, payload) {
    (this._handlers[event] || []).slice().forEach(function (handler) {
      try {
        handler(payload);
      } catch (error) {
        setTimeout(function () { throw error; }); // a merchant handler's error must not stop Stripe's
      }
    });
  };

  Element.prototype._emitLater = function (event, payload) {
    var self = this;
    setTimeout(function () { self._emit(event, payload); }, 0);
  };

  Element.prototype._classNames = function () {
    return Object.assign({}, DEFAULT_CLASSES, this._options.classes || {});
  };

  Element.prototype._setClass = function (which, on) {
    if (!this._host) {
      return;
    }
    var name = this._classNames()[which];
    if (name) {
      name.split(/\s+/).filter(Boolean).forEach(function (n) { this._host.classList.toggle(n, !!on); }, this);
    }
  };

  Element.prototype.mount = function (target) {
    if (this._destroyed) {
      throw integrationError("This Element has already been destroyed. Please create a new one.");
    }
    if (this._container) {
      throw integrationError("This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.");
    }
    var host = typeof target === "string" ? document.querySelector(target) : target;
    if (!host || typeof host.appendChild !== "function") {
      throw integrationError("The selector you specified (" + String(target) + ") applies to no DOM elements that are currently on the page.");
    }
    if (host.tagName === "INPUT" || host.tagName === "TEXTAREA" || host.tagName === "SELECT") {
      throw integrationError("Stripe Elements cannot be mounted in an " + host.tagName.toLowerCase() + " element; mount it in a container such as a div.");
    }
    var self = this;
    this._host = host;
    this._container = document.createElement("div");
    this._container.className = "__PrivateStripeElement";
    this._container.setAttribute("style", "margin:0!important;padding:0!important;border:none!important;" +
      "display:block!important;background:transparent!important;position:relative!important;opacity:1!important;");
    host.appendChild(this._container);
    this._setClass("base", true);
    this._setClass("empty", true);
    if (!this._kind) {
      this._mountUnavailable();
      return this;
    }
    if (this._kind.wallet) {
      this._mountWallet();
      return this;
    }
    if (this._events.indexOf("loaderstart") >= 0 && this._group._loader() !== "never") {
      this._loader = document.createElement("div");
      this._loader.className = "__PrivateStripeElement-loader";
      this._loader.setAttribute("aria-busy", "true");
      this._loader.setAttribute("style", "height:" + this._kind.height + "px;border-radius:5px;" +
        "background:linear-gradient(90deg,#eef0f3,#f6f7f9,#eef0f3);");
      this._container.appendChild(this._loader);
      this._emitLater("loaderstart", { elementType: this._type });
    }
    this._group._frameParams(this).then(function (hash) {
      if (!self._container) {
        return;
      }
      hash.id = self.id;
      self._frame = makeFrame(self._kind.file, self._kind.title, hash, true);
      self._frame.style.setProperty("height", self._kind.height + "px", "important");
      self._container.appendChild(self._frame);
      if (self._type === "payment") {
        // Stripe's Payment Element keeps a hidden accessory frame beside the visible one.
        self._accessory = makeFrame("elements-inner-accessory.html", self._kind.title, { id: self.id + "-accessory" }, false);
        self._container.appendChild(self._accessory);
      }
    }, function (error) {
      self._removeLoader();
      var reported = isObject(error) && error.type ? error : { type: "invalid_request_error", message: String(error && error.message) };
      self._emit("loaderror", { elementType: self._type, error: reported });
    });
    return this;
  };

  Element.prototype._mountWallet = function () {
    // No domain of the sandbox is registered for Apple Pay or Google Pay, and Link is off: no wallet to show.
    var self = this;
    this._group._intentTypes().then(function () {
      if (!self._container) {
        return;
      }
      self._ready = true;
      self._emit("ready", { elementType: self._type, availablePaymentMethods: undefined });
    }, function (error) {
      self._emit("loaderror", { elementType: self._type, error: error });
    });
  };

  Element.prototype._mountUnavailable = function () {
    var message = "The " + this._type + " Element " + NOT_OFFERED;
    if (window.console && console.warn) {
      console.warn(message);
    }
    if (this._events.indexOf("loaderror") >= 0) {
      this._emitLater("loaderror", {
        elementType: this._type,
        error: { type: "invalid_request_error", code: "element_unavailable", message: message }
      });
    }
  };

  Element.prototype._removeLoader = function () {
    if (this._loader && this._loader.parentNode) {
      this._loader.parentNode.removeChild(this._loader);
    }
    this._loader = null;
  };

  Element.prototype.unmount = function () {
    if (this._container && this._container.parentNode) {
      this._container.parentNode.removeChild(this._container);
    }
    var names = this._classNames();
    if (this._host) {
      Object.keys(names).forEach(function (k) {
        String(names[k] || "").split(/\s+/).filter(Boolean).forEach(function (n) { this._host.classList.remove(n); }, this);
      }, this);
    }
    this._container = null;
    this._frame = null;
    this._accessory = null;
    this._loader = null;
    this._host = null;
    this._ready = false;
    this._queue = [];
    var pending = this._pending;
    this._pending = {};
    Object.keys(pending).forEach(function (k) {
      pending[k]({ error: { type: "validation_error", code: "element_unmounted", message: "The Element was unmounted." } });
    });
  };

  Element.prototype.destroy = function () {
    if (this._destroyed) {
      return;
    }
    this.unmount();
    this._destroyed = true;
    this._handlers = {};
    delete listeners[this.id];
    this._group._forget(this);
  };

  Element.prototype._post = function (type, payload) {
    if (!this._kind || this._kind.wallet) {
      return;
    }
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
    if (!this._container || !this._kind || this._kind.wallet) {
      return Promise.reject(integrationError("The " + this._type + " Element is not mounted: mount it before using it to pay."));
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
        this._removeLoader();
        var queue = this._queue;
        this._queue = [];
        for (var i = 0; i < queue.length; i += 1) {
          this._frame.contentWindow.postMessage(queue[i], FRAME_ORIGIN);
        }
        this._emit("ready", { elementType: this._type });
        if (this._type === "payment") {
          var available = {};
          (payload.types || ["card"]).forEach(function (t) { available[t] = { available: true }; });
          this._emit("availablepaymentmethodschange", { elementType: "payment", paymentMethods: available });
        }
        break;
      case "resize":
        this._frame.style.setProperty("height", Math.ceil(payload.height) + "px", "important");
        break;
      case "change":
        this._state = payload;
        if (this._type === "payment") {
          this._collapsed = !!payload.collapsed;
        }
        this._setClass("empty", !!payload.empty);
        this._setClass("complete", !!payload.complete);
        this._setClass("invalid", !!payload.error);
        this._emit("change", payload);
        break;
      case "carddetailschange":
      case "networkschange":
        this._emit(message.type, Object.assign({ elementType: this._type }, payload));
        break;
      case "focus":
      case "blur":
        this._setClass("focus", message.type === "focus");
        this._emit(message.type, { elementType: this._type });
        break;
      case "escape":
        this._emit("escape", { elementType: this._type });
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
    if (!isObject(options)) {
      throw integrationError("Invalid value for update(): options should be an object. You specified: " + String(options) + ".");
    }
    if (this._host && options.classes) {
      var before = this._classNames();
      Object.keys(before).forEach(function (k) {
        String(before[k] || "").split(/\s+/).filter(Boolean).forEach(function (n) { this._host.classList.remove(n); }, this);
      }, this);
    }
    Object.assign(this._options, options);
    if (this._host && options.classes) {
      this._setClass("base", true);
      this._setClass("empty", !!this._state.empty);
      this._setClass("complete", !!this._state.complete);
      this._setClass("invalid", !!this._state.error);
    }
    this._post("update", { options: options });
    return this;
  };

  Element.prototype.clear = function () { this._post("clear"); };
  Element.prototype.focus = function () { this._post("focus"); };
  Element.prototype.blur = function () { this._post("blur"); };

  // Payment Element: collapse back to the list of payment methods (accordion layout).
  Element.prototype.collapse = function () {
    if (this._type !== "payment") {
      throw integrationError("collapse() is only available on the payment Element.");
    }
    this._post("collapse");
    return this;
  };

  Element.prototype.getValue = function () {
    var type = this._type;
    return Promise.reject(integrationError(type + "Element.getValue() " + NOT_OFFERED));
  };

  // Validate the fields and, when complete, create the PaymentMethod from inside the frame.
  Element.prototype._createPaymentMethod = function (billingDetails, extra) {
    var payload = Object.assign({ billing_details: billingDetails || null, user_agent: this._group._stripe._userAgent(this._type) }, extra || {});
    if (SPLIT_FIELDS[this._type]) {
      payload.channel = this._group._channel;
    }
    return this._request("createPaymentMethod", payload);
  };

  Element.prototype._validate = function () {
    var payload = SPLIT_FIELDS[this._type] ? { channel: this._group._channel } : {};
    return this._request("validate", payload);
  };

  // --- Elements group -------------------------------------------------------------------------------

  var ELEMENTS_UPDATABLE = ["appearance", "locale", "mode", "amount", "currency", "setupFutureUsage", "captureMethod",
    "paymentMethodTypes", "paymentMethodConfiguration", "paymentMethodCreation", "paymentMethodOptions", "onBehalfOf",
    "customerSessionClientSecret", "excludedPaymentMethodTypes", "loader", "fonts", "externalPaymentMethodTypes"];

  function checkElementsOptions(options, method) {
    if (options.clientSecret !== undefined && options.mode !== undefined) {
      throw integrationError("Invalid value for " + method + ": pass either clientSecret or mode, not both.");
    }
    if (options.mode !== undefined && ["payment", "setup", "subscription"].indexOf(options.mode) < 0) {
      throw integrationError("Invalid value for " + method + ": mode should be one of payment, setup, subscription. You specified: " + String(options.mode) + ".");
    }
    if ((options.mode === "payment" || options.mode === "subscription") && typeof options.amount !== "number") {
      throw integrationError("Missing value for " + method + ": amount should be a number when mode is " + options.mode + ".");
    }
    if ((options.mode === "payment" || options.mode === "subscription") && typeof options.currency !== "string") {
      throw integrationError("Missing value for " + method + ": currency should be a string when mode is " + options.mode + ".");
    }
    if (options.loader !== undefined && LOADERS.indexOf(options.loader) < 0) {
      throw integrationError("Invalid value for " + method + ": loader should be one of auto, always, never. You specified: " + String(options.loader) + ".");
    }
    if (options.appearance !== undefined && !isObject(options.appearance)) {
      throw integrationError("Invalid value for " + method + ": appearance should be an object.");
    }
  }

  function Elements(stripe, options) {
    groupSeq += 1;
    this._stripe = stripe;
    this._options = Object.assign({}, options || {});
    checkElementsOptions(this._options, "elements()");
    this._elements = {};
    this._handlers = { "update-end": [] };
    this._submitted = false;
    this._channel = "group" + groupSeq + "-" + randomId(12); // the split card frames of this group
    this._clientSecret = this._options.clientSecret || null;
    this._intent = null;
    if (this._clientSecret) {
      intentIdOf(this._clientSecret, kindOfSecret(this._clientSecret) === "setup_intent" ? "seti" : "pi", "elements()");
      this._intent = stripe._retrieve(kindOfSecret(this._clientSecret), this._clientSecret);
    }
  }

  Elements.prototype.create = function (type, options) {
    if (!knownType(type)) {
      throw integrationError("A valid Element name must be provided. Valid Elements are: " + validElementNames() +
        "; you passed: " + String(type) + ".");
    }
    if (options !== undefined && !isObject(options)) {
      throw integrationError("Invalid value for create(): options should be an object. You specified: " + String(options) + ".");
    }
    if (this._elements[type]) {
      throw integrationError("Can only create one Element of type " + type + ".");
    }
    if (KINDS[type] && KINDS[type].intent && !this._clientSecret && !this._options.mode) {
      throw integrationError("In order to create a" + (type === "payment" ? " payment" : "n " + type) +
        " element, you must pass a valid PaymentIntent or SetupIntent client secret when creating the Elements group, or a mode.");
    }
    var element = new Element(this, type, options);
    this._elements[type] = element;
    return element;
  };

  Elements.prototype.getElement = function (typeOrComponent) {
    var type = typeOf(typeOrComponent);
    if (!type || !knownType(type)) {
      throw integrationError("A valid Element name or Element component must be provided to getElement(); you passed: " +
        String(typeOrComponent && (typeOrComponent.displayName || typeOrComponent.name) || typeOrComponent) + ".");
    }
    return this._elements[type] || null;
  };

  Elements.prototype._forget = function (element) {
    if (this._elements[element._type] === element) {
      delete this._elements[element._type];
    }
  };

  Elements.prototype._loader = function () {
    return this._options.loader || "auto";
  };

  Elements.prototype.on = function (event, handler) {
    if (event !== "update-end") {
      throw integrationError("Invalid value for elements.on(): the Elements group has no '" + String(event) + "' event. Its events are: update-end.");
    }
    if (typeof handler !== "function") {
      throw integrationError("Invalid value for elements.on(): the handler must be a function.");
    }
    this._handlers[event].push(handler);
  };

  Elements.prototype.update = function (options) {
    var self = this;
    if (!isObject(options)) {
      throw integrationError("Invalid value for elements.update(): options should be an object.");
    }
    if (options.clientSecret !== undefined) {
      throw integrationError("Invalid value for elements.update(): clientSecret cannot be changed; create a new Elements group.");
    }
    Object.keys(options).forEach(function (k) {
      if (ELEMENTS_UPDATABLE.indexOf(k) < 0 && window.console && console.warn) {
        console.warn("Unrecognized elements.update() parameter: " + k + " is not a recognized parameter. This may cause issues with your integration in the future.");
      }
    });
    var merged = Object.assign({}, this._options, options);
    checkElementsOptions(Object.assign({}, merged, { clientSecret: undefined }), "elements.update()");
    this._options = merged;
    Object.keys(this._elements).forEach(function (type) {
      var element = self._elements[type];
      var changed = {};
      ["appearance", "locale"].forEach(function (k) { if (k in options) { changed[k] = options[k]; } });
      if (options.paymentMethodTypes && type === "payment") {
        changed.types = options.paymentMethodTypes;
      }
      if (Object.keys(changed).length) {
        element._post("group-update", changed);
      }
    });
    return Promise.resolve().then(function () {
      self._handlers["update-end"].slice().forEach(function (h) { h(); });
    });
  };

  Elements.prototype.fetchUpdates = function () {
    var self = this;
    if (!this._clientSecret) {
      return Promise.resolve({});
    }
    this._intent = this._stripe._retrieve(kindOfSecret(this._clientSecret), this._clientSecret);
    return this._intent.then(function (result) {
      if (result.error) {
        return { error: { message: result.error.message, status: result.error.code } };
      }
      var payment = self._elements.payment;
      if (payment) {
        payment._post("group-update", { types: result.intent.payment_method_types || ["card"] });
      }
      return {};
    });
  };

  // The deferred-intent flow must call submit() before creating the intent and confirming.
  Elements.prototype.submit = function () {
    var self = this;
    var element = this._elements.payment || this._elements.expressCheckout;
    if (!element) {
      return Promise.resolve({
        error: { type: "validation_error", code: "no_submittable_element", message: "elements.submit() needs a mounted Payment Element or Express Checkout Element." }
      });
    }
    if (element._type === "expressCheckout") {
      return Promise.resolve({ error: { type: "validation_error", code: "wallet_unavailable", message: "No wallet is available on this domain." } });
    }
    return element._validate().then(function (result) {
      self._submitted = !(result && result.error);
      if (result && result.error) {
        return { error: result.error };
      }
      return { selectedPaymentMethod: (result && result.selectedPaymentMethod) || "card" };
    });
  };

  Elements.prototype._intentTypes = function () {
    if (!this._intent) {
      return Promise.resolve(this._options.paymentMethodTypes || ["card"]);
    }
    return this._intent.then(function (result) {
      if (result.error) {
        throw result.error;
      }
      return result.intent.payment_method_types || ["card"];
    });
  };

  Elements.prototype._frameParams = function (element) {
    var stripe = this._stripe;
    var group = this._options;
    var options = element._options;
    var defaults = ((options.defaultValues || {}).billingDetails || {}).address || {};
    var layout = options.layout;
    var hash = {
      componentName: element._type,
      key: stripe._key,
      channel: this._channel,
      locale: group.locale || stripe._options.locale || "auto",
      hidePostalCode: options.hidePostalCode ? "true" : "false",
      country: defaults.country || "",
      options: JSON.stringify({
        style: options.style || null,
        appearance: group.appearance || null,
        disabled: !!options.disabled || !!options.readOnly,
        placeholder: options.placeholder || null,
        hideIcon: !!options.hideIcon,
        postalCode: (options.value || {}).postalCode || "",
        layout: typeof layout === "string" ? { type: layout } : layout || { type: "tabs" }
      })
    };
    if (KINDS[element._type].field) {
      hash.field = KINDS[element._type].field;
    }
    if (element._type !== "payment") {
      return Promise.resolve(hash);
    }
    return this._intentTypes().then(function (types) {
      hash.types = types.join(",");
      return hash;
    });
  };

  // --- PaymentRequest (wallets) ----------------------------------------------------------------------

  var PAYMENT_REQUEST_EVENTS = ["token", "paymentmethod", "source", "cancel", "shippingaddresschange", "shippingoptionchange"];

  function PaymentRequest(options) {
    this._options = options;
    this._events = PAYMENT_REQUEST_EVENTS;
    this._handlers = {};
  }

  addEvents(PaymentRequest.prototype);

  PaymentRequest.prototype._describe = function () {
    return "the PaymentRequest";
  };

  PaymentRequest.prototype.canMakePayment = function () {
    // The sandbox registers no domain for Apple Pay / Google Pay, and browser-saved cards are not offered.
    return Promise.resolve(null);
  };

  PaymentRequest.prototype.show = function () {
    throw integrationError("paymentRequest.show(): no wallet is available on this domain; call show() only after canMakePayment() resolved with a wallet.");
  };

  PaymentRequest.prototype.abort = function () {};

  PaymentRequest.prototype.isShowing = function () {
    return false;
  };

  PaymentRequest.prototype.update = function (options) {
    if (!isObject(options)) {
      throw integrationError("Invalid value for paymentRequest.update(): options should be an object.");
    }
    Object.assign(this._options, options);
  };

  // --- Stripe ----------------------------------------------------------------------------------------

  function StripeStandIn(key, options) {
    this._key = key;
    this._options = options || {};
    this._wrappers = [];
    this._appInfo = null;
    this._confirmationTokens = {}; // ctoken_ id -> the PaymentMethod it carries
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

  StripeStandIn.prototype._userAgent = function (elementType) {
    var parts = [USER_AGENT];
    this._wrappers.forEach(function (w) { parts.push(w.name + (w.version ? "/" + w.version : "")); });
    parts.push(elementType + "-element");
    return parts.join("; ");
  };

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
    if (options !== undefined && !isObject(options)) {
      throw integrationError("Invalid value for elements(): options should be an object. You specified: " + String(options) + ".");
    }
    return new Elements(this, options);
  };

  function pathOf(kind, id) {
    return (kind === "setup_intent" ? "setup_intents/" : "payment_intents/") + id;
  }

  function resultKey(kind) {
    return kind === "setup_intent" ? "setupIntent" : "paymentIntent";
  }

  // Stripe.js reads intents with their PaymentMethod expanded.
  function withPaymentMethod(expand) {
    var list = Array.isArray(expand) ? expand.slice() : [];
    if (list.indexOf("payment_method") < 0) {
      list.push("payment_method");
    }
    return list;
  }

  function apiError(res) {
    return (res.body && res.body.error) || { type: "api_error", message: "Unexpected answer from Stripe." };
  }

  StripeStandIn.prototype._retrieve = function (kind, secret) {
    var id = intentIdOf(secret, kind === "setup_intent" ? "seti" : "pi",
      kind === "setup_intent" ? "retrieveSetupIntent" : "retrievePaymentIntent");
    return this._api("GET", pathOf(kind, id), { client_secret: secret, expand: withPaymentMethod() }).then(function (res) {
      return res.status === 200 ? { intent: res.body } : { error: apiError(res) };
    });
  };

  StripeStandIn.prototype.retrieveSetupIntent = rejecting(function (secret) {
    return this._retrieve("setup_intent", secret).then(function (r) {
      return r.error ? { error: r.error } : { setupIntent: r.intent };
    });
  });

  StripeStandIn.prototype.retrievePaymentIntent = rejecting(function (secret) {
    return this._retrieve("payment_intent", secret).then(function (r) {
      return r.error ? { error: r.error } : { paymentIntent: r.intent };
    });
  });

  var SUCCESS = {
    setup_intent: ["succeeded", "processing"],
    payment_intent: ["succeeded", "requires_capture", "processing"]
  };

  // Where a confirmation ends: the intent, the redirect (redirect: "always"), or Stripe's error.
  StripeStandIn.prototype._finish = function (kind, secret, intent, redirect, returnUrl, alsoSuccess) {
    if (SUCCESS[kind].indexOf(intent.status) >= 0 || (alsoSuccess || []).indexOf(intent.status) >= 0) {
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

  StripeStandIn.prototype._handleActions = function (kind, secret, intent, redirect, returnUrl, alsoSuccess) {
    var self = this;
    if (intent.status !== "requires_action" || !intent.next_action) {
      return Promise.resolve(this._finish(kind, secret, intent, redirect, returnUrl, alsoSuccess));
    }
    var action = intent.next_action;
    if (action.type === "redirect_to_url") {
      return navigate(challengeUrl(action.redirect_to_url.url));
    }
    if (action.type !== "use_stripe_sdk") {
      return Promise.resolve(this._finish(kind, secret, intent, redirect, returnUrl, alsoSuccess));
    }
    var answered = function () {
      return self._retrieve(kind, secret).then(function (r) { return !r.error && r.intent.status !== "requires_action"; });
    };
    return openChallenge(challengeUrl(action.use_stripe_sdk.stripe_js), answered).then(function () {
      return self._retrieve(kind, secret);
    }).then(function (r) {
      if (r.error) {
        return { error: r.error };
      }
      return self._finish(kind, secret, r.intent, redirect, returnUrl, alsoSuccess);
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
        return { error: apiError(res) };
      }
      if (handleActions === false) {
        var raw = {};
        raw[resultKey(kind)] = res.body;
        return raw;
      }
      return self._handleActions(kind, secret, res.body, redirect, returnUrl);
    });
  };

  // The PaymentMethod a confirmation token (createConfirmationToken) carries.
  StripeStandIn.prototype._takeConfirmationToken = function (params, method) {
    var token = params.confirmation_token;
    delete params.confirmation_token;
    if (token === undefined) {
      return;
    }
    var pm = this._confirmationTokens[token];
    if (!pm) {
      throw integrationError("Invalid value for " + method + ": confirmation_token " + String(token) +
        " was not created by stripe.createConfirmationToken() on this page.");
    }
    params.payment_method = pm;
  };

  StripeStandIn.prototype._confirmWithElements = function (kind, method, options) {
    var self = this;
    if (!isObject(options)) {
      throw integrationError("Invalid value for stripe." + method + "(): options should be an object.");
    }
    var prefix = kind === "setup_intent" ? "seti" : "pi";
    var elements = options.elements || null;
    if (elements && !(elements instanceof Elements)) {
      throw integrationError("Invalid value for stripe." + method + "(): elements should be an Elements group created by stripe.elements().");
    }
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
    this._takeConfirmationToken(confirmParams, "stripe." + method + "()");
    confirmParams.expand = withPaymentMethod(confirmParams.expand);
    if (typeof confirmParams.payment_method === "string" || !elements) {
      if (kind === "setup_intent" && !confirmParams.payment_method) {
        throw integrationError("stripe.confirmSetup(): pass `elements` with a mounted Payment Element, or a payment_method.");
      }
      return this._confirm(kind, secret, confirmParams, redirect, returnUrl);
    }
    var element = elements._elements.payment;
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

  StripeStandIn.prototype.confirmSetup = rejecting(function (options) {
    return this._confirmWithElements("setup_intent", "confirmSetup", options);
  });

  StripeStandIn.prototype.confirmPayment = rejecting(function (options) {
    return this._confirmWithElements("payment_intent", "confirmPayment", options);
  });

  function isCardElement(value) {
    return value instanceof Element && (value._type === "card" || value._type === "cardNumber");
  }

  StripeStandIn.prototype._confirmCard = function (kind, method, secret, data, options) {
    var self = this;
    data = data || {};
    if (!isObject(data)) {
      throw integrationError("Invalid value for stripe." + method + "(): data should be an object.");
    }
    intentIdOf(secret, kind === "setup_intent" ? "seti" : "pi", method);
    var handleActions = !(options && options.handleActions === false);
    var returnUrl = data.return_url || null;
    var params = {};
    Object.keys(data).forEach(function (k) {
      if (k !== "payment_method" && k !== "return_url" && k !== "payment_method_options") {
        params[k] = data[k];
      }
    });
    params.expand = withPaymentMethod(params.expand);
    var cvcElement = ((data.payment_method_options || {}).card || {}).cvc;
    var cvcCheck = Promise.resolve({});
    if (cvcElement !== undefined) {
      if (!(cvcElement instanceof Element) || cvcElement._type !== "cardCvc") {
        throw integrationError("Invalid value for stripe." + method + "(): payment_method_options.card.cvc must be a cardCvc Element.");
      }
      cvcCheck = cvcElement._validate(); // the CVC stays in its frame; the sandbox accepts any complete CVC
    }
    var pm = data.payment_method;
    if (typeof pm === "string" || pm === undefined) { // undefined: the intent's own PaymentMethod
      if (pm) {
        params.payment_method = pm;
      }
      return cvcCheck.then(function (checked) {
        return checked.error ? { error: checked.error } : self._confirm(kind, secret, params, "if_required", returnUrl, handleActions);
      });
    }
    if (!isObject(pm) || !isCardElement(pm.card)) {
      throw integrationError("Invalid value for stripe." + method + "(): payment_method should be a PaymentMethod id or {card: <card or cardNumber Element>}.");
    }
    return pm.card._createPaymentMethod(pm.billing_details).then(function (created) {
      if (created.error) {
        return { error: created.error };
      }
      params.payment_method = created.paymentMethod.id;
      return self._confirm(kind, secret, params, "if_required", returnUrl, handleActions);
    });
  };

  StripeStandIn.prototype.confirmCardSetup = rejecting(function (secret, data, options) {
    return this._confirmCard("setup_intent", "confirmCardSetup", secret, data, options);
  });

  StripeStandIn.prototype.confirmCardPayment = rejecting(function (secret, data, options) {
    return this._confirmCard("payment_intent", "confirmCardPayment", secret, data, options);
  });

  // Manual confirmation: the server confirmed, the intent asks for 3DS; after it the server confirms again.
  StripeStandIn.prototype.handleCardAction = rejecting(function (secret) {
    var self = this;
    intentIdOf(secret, "pi", "handleCardAction");
    return this._retrieve("payment_intent", secret).then(function (r) {
      if (r.error) {
        return { error: r.error };
      }
      if (r.intent.status !== "requires_action") {
        return {
          error: {
            type: "invalid_request_error", code: "payment_intent_unexpected_state",
            message: "handleCardAction: the PaymentIntent is " + r.intent.status + ", not requires_action.",
            payment_intent: r.intent
          }
        };
      }
      return self._handleActions("payment_intent", secret, r.intent, "if_required", null, ["requires_confirmation"]);
    });
  });

  StripeStandIn.prototype.handleNextAction = rejecting(function (options) {
    var self = this;
    if (!isObject(options) || (options.clientSecret === undefined && options.hashedValue === undefined)) {
      throw integrationError("Invalid value for stripe.handleNextAction(): pass {clientSecret} of a PaymentIntent or SetupIntent.");
    }
    if (options.clientSecret === undefined) {
      throw integrationError("stripe.handleNextAction({hashedValue}) " + NOT_OFFERED);
    }
    var secret = options.clientSecret;
    var kind = kindOfSecret(secret);
    return this._retrieve(kind, secret).then(function (r) {
      if (r.error) {
        return { error: r.error };
      }
      return self._handleActions(kind, secret, r.intent, "if_required", null, ["requires_confirmation", "requires_capture"]);
    });
  });

  function billingFromParams(params) {
    return isObject(params) ? params.billing_details : undefined;
  }

  StripeStandIn.prototype.createPaymentMethod = rejecting(function (data) {
    if (!isObject(data)) {
      throw integrationError("Invalid value for stripe.createPaymentMethod(): pass {elements}, {element} or {type: 'card', card: <card Element>}.");
    }
    var element = null;
    var billing = data.billing_details;
    var extra = data.metadata ? { metadata: data.metadata } : {};
    if (data.elements) {
      var group = data.elements;
      if (!(group instanceof Elements)) {
        throw integrationError("Invalid value for stripe.createPaymentMethod(): elements should be an Elements group created by stripe.elements().");
      }
      if (!group._clientSecret && !group._submitted) {
        throw integrationError("elements.submit() must be called before stripe.createPaymentMethod().");
      }
      element = group._elements.payment;
      billing = billingFromParams(data.params);
      if (!element) {
        throw integrationError("stripe.createPaymentMethod(): the Elements group has no Payment Element.");
      }
    } else if (data.element) {
      element = data.element;
      billing = billingFromParams(data.params);
    } else {
      if (data.type !== "card") {
        throw integrationError("stripe.createPaymentMethod({type: '" + String(data.type) + "'}) " + NOT_OFFERED);
      }
      element = data.card;
    }
    if (!(element instanceof Element) || ["payment", "card", "cardNumber"].indexOf(element._type) < 0) {
      throw integrationError("Invalid value for stripe.createPaymentMethod(): the card must come from a payment, card or cardNumber Element.");
    }
    return element._createPaymentMethod(billing, extra);
  });

  StripeStandIn.prototype.createConfirmationToken = rejecting(function (options) {
    var self = this;
    if (!isObject(options) || !(options.elements instanceof Elements)) {
      throw integrationError("Invalid value for stripe.createConfirmationToken(): pass {elements} with a mounted Payment Element.");
    }
    var group = options.elements;
    var params = options.params || {};
    var element = group._elements.payment;
    if (!element) {
      throw integrationError("stripe.createConfirmationToken(): the Elements group has no Payment Element.");
    }
    if (!group._clientSecret && !group._submitted) {
      throw integrationError("elements.submit() must be called before stripe.createConfirmationToken().");
    }
    var billing = (params.payment_method_data || {}).billing_details;
    return element._createPaymentMethod(billing).then(function (created) {
      if (created.error) {
        return { error: created.error };
      }
      var pm = created.paymentMethod;
      var created_at = now();
      var token = {
        id: "ctoken_" + randomId(24),
        object: "confirmation_token",
        created: created_at,
        expires_at: created_at + 12 * 3600,
        livemode: false,
        payment_intent: null,
        payment_method_preview: {
          type: pm.type, billing_details: pm.billing_details, card: pm.card, customer: null,
          allow_redisplay: (params.payment_method_data || {}).allow_redisplay || "unspecified"
        },
        return_url: params.return_url || null,
        setup_future_usage: group._options.setupFutureUsage || null,
        setup_intent: null,
        shipping: params.shipping || null,
        use_stripe_sdk: true
      };
      self._confirmationTokens[token.id] = pm.id;
      return { confirmationToken: token };
    });
  });

  var TOKEN_BRANDS = {
    visa: "Visa", mastercard: "MasterCard", amex: "American Express", discover: "Discover", diners: "Diners Club",
    jcb: "JCB", unionpay: "UnionPay"
  };

  // A card token as Stripe's API returns it, from the PaymentMethod the emulator made of the same card.
  function cardToken(pm, currency) {
    var card = pm.card || {};
    var details = pm.billing_details || {};
    var address = details.address || {};
    return {
      id: "tok_" + randomId(24),
      object: "token",
      client_ip: null,
      created: pm.created || now(),
      livemode: false,
      type: "card",
      used: false,
      card: {
        id: "card_" + randomId(24),
        object: "card",
        address_city: address.city || null,
        address_country: address.country || null,
        address_line1: address.line1 || null,
        address_line1_check: address.line1 ? "unchecked" : null,
        address_line2: address.line2 || null,
        address_state: address.state || null,
        address_zip: address.postal_code || null,
        address_zip_check: address.postal_code ? "unchecked" : null,
        brand: TOKEN_BRANDS[card.brand] || "Unknown",
        country: card.country || null,
        currency: currency || null,
        cvc_check: "unchecked",
        dynamic_last4: null,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint || null,
        funding: card.funding || "unknown",
        last4: card.last4,
        metadata: {},
        name: details.name || null,
        networks: { preferred: null },
        tokenization_method: null,
        wallet: null
      }
    };
  }

  function billingFromTokenData(data) {
    var address = {
      line1: data.address_line1, line2: data.address_line2, city: data.address_city, state: data.address_state,
      postal_code: data.address_zip, country: data.address_country
    };
    Object.keys(address).forEach(function (k) { if (address[k] === undefined) { delete address[k]; } });
    var details = {};
    if (data.name !== undefined) {
      details.name = data.name;
    }
    if (Object.keys(address).length) {
      details.address = address;
    }
    return details;
  }

  StripeStandIn.prototype.createToken = rejecting(function (tokenType, data) {
    if (tokenType === "cvc_update") {
      if (!(data instanceof Element) || data._type !== "cardCvc") {
        throw integrationError("Invalid value for stripe.createToken('cvc_update'): pass a mounted cardCvc Element.");
      }
      return data._validate().then(function (checked) {
        if (checked.error) {
          return { error: checked.error };
        }
        return {
          token: { id: "cvctok_" + randomId(24), object: "token", client_ip: null, created: now(), livemode: false, type: "cvc_update", used: false }
        };
      });
    }
    if (typeof tokenType === "string") {
      throw integrationError("stripe.createToken('" + tokenType + "') " + NOT_OFFERED);
    }
    if (!(tokenType instanceof Element)) {
      throw integrationError("Invalid value for stripe.createToken(): pass a card or cardNumber Element, or a token type.");
    }
    if (!isCardElement(tokenType)) {
      throw integrationError("stripe.createToken() with a " + tokenType._type + " Element " + NOT_OFFERED);
    }
    data = data || {};
    if (!isObject(data)) {
      throw integrationError("Invalid value for stripe.createToken(): data should be an object.");
    }
    return tokenType._createPaymentMethod(billingFromTokenData(data)).then(function (created) {
      return created.error ? { error: created.error } : { token: cardToken(created.paymentMethod, data.currency) };
    });
  });

  StripeStandIn.prototype.paymentRequest = function (options) {
    if (!isObject(options)) {
      throw integrationError("Invalid value for paymentRequest(): options should be an object.");
    }
    ["country", "currency"].forEach(function (k) {
      if (typeof options[k] !== "string") {
        throw integrationError("Missing value for paymentRequest(): " + k + " should be a string.");
      }
    });
    if (!isObject(options.total) || typeof options.total.amount !== "number" || typeof options.total.label !== "string") {
      throw integrationError("Missing value for paymentRequest(): total should be an object with an amount and a label.");
    }
    return new PaymentRequest(Object.assign({}, options));
  };

  // The wrappers announce themselves (@stripe/stripe-js's loadStripe, @stripe/react-stripe-js).
  StripeStandIn.prototype._registerWrapper = function (wrapper) {
    if (isObject(wrapper) && typeof wrapper.name === "string") {
      this._wrappers.push({ name: wrapper.name, version: wrapper.version || null });
    }
  };

  StripeStandIn.prototype.registerAppInfo = function (info) {
    if (!isObject(info) || typeof info.name !== "string" || !info.name) {
      throw integrationError("Invalid value for registerAppInfo(): name should be a non-empty string.");
    }
    ["version", "url", "partner_id"].forEach(function (k) {
      if (info[k] !== undefined && typeof info[k] !== "string") {
        throw integrationError("Invalid value for registerAppInfo(): " + k + " should be a string.");
      }
    });
    this._appInfo = { name: info.name, version: info.version || null, url: info.url || null, partner_id: info.partner_id || null };
  };

  // Everything else of @stripe/stripe-js's Stripe interface: present, and refusing with Stripe's IntegrationError.
  var NOT_OFFERED_ASYNC = [
    "confirmAcssDebitPayment", "confirmUsBankAccountPayment", "confirmAlipayPayment", "confirmAuBecsDebitPayment",
    "confirmBancontactPayment", "confirmBilliePayment", "confirmBlikPayment", "confirmBoletoPayment",
    "confirmCashappPayment", "confirmCustomerBalancePayment", "confirmEpsPayment", "confirmFpxPayment",
    "confirmGiropayPayment", "confirmGrabPayPayment", "confirmIdealPayment", "confirmKlarnaPayment",
    "confirmKonbiniPayment", "confirmMobilepayPayment", "confirmMultibancoPayment", "confirmOxxoPayment",
    "confirmP24Payment", "confirmPayByBankPayment", "confirmPayNowPayment", "confirmPayPalPayment",
    "confirmPixPayment", "confirmPromptPayPayment", "confirmSepaDebitPayment", "confirmSofortPayment",
    "confirmTwintPayment", "confirmWechatPayPayment", "confirmAffirmPayment", "confirmAfterpayClearpayPayment",
    "verifyMicrodepositsForPayment", "createRadarSession", "collectBankAccountForPayment",
    "confirmAcssDebitSetup", "confirmUsBankAccountSetup", "confirmAuBecsDebitSetup", "confirmBacsDebitSetup",
    "confirmBancontactSetup", "confirmBlikSetup", "confirmCashappSetup", "confirmIdealSetup",
    "confirmAmazonPaySetup", "confirmPayPalSetup", "confirmSepaDebitSetup", "confirmSofortSetup",
    "verifyMicrodepositsForSetup", "collectBankAccountForSetup", "processOrder", "retrieveOrder", "verifyIdentity",
    "collectFinancialConnectionsAccounts", "collectBankAccountToken", "createEphemeralKeyNonce",
    "createEmbeddedCheckoutPage", "initializePricing"
  ];
  var NOT_OFFERED_SYNC = ["initCheckoutElementsSdk", "initCheckoutFormSdk"];

  NOT_OFFERED_ASYNC.forEach(function (name) {
    StripeStandIn.prototype[name] = function () {
      return Promise.reject(integrationError("stripe." + name + "() " + NOT_OFFERED));
    };
  });
  NOT_OFFERED_SYNC.forEach(function (name) {
    StripeStandIn.prototype[name] = function () {
      throw integrationError("stripe." + name + "() " + NOT_OFFERED);
    };
  });

  // connect-cert selftest: the sandbox's active fault modes (`fault_modes` of GET /_sandbox/info), asked once,
  // by a page of the sandbox's own origin only; anywhere else none is active.
  var faultModes = null;

  function faultActive(name) {
    if (!faultModes) {
      faultModes = FRAME_ORIGIN !== location.origin ? Promise.resolve([]) :
        fetch(new URL("../../_sandbox/info", FRAMES).href, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : {}; })
          .then(function (info) { return info.fault_modes || []; }, function () { return []; });
    }
    return faultModes.then(function (modes) { return modes.indexOf(name) >= 0; });
  }

  // --- 3DS challenge -----------------------------------------------------------------------------------

  // The overlay closes when its page reports the answer, or when the intent no longer waits for one (the
  // challenge was answered through the sandbox's control API): the pending confirm call then goes on alike.
  function openChallenge(url, answered) {
    return new Promise(function (resolve) {
      var overlay = makeFrame("three-ds-2-challenge.html", "Secure payment challenge frame", { url: url }, true);
      overlay.setAttribute("style", "border:none!important;margin:0!important;padding:0!important;" +
        "position:fixed!important;top:0!important;left:0!important;width:100%!important;height:100%!important;" +
        "z-index:2147483647!important;background:transparent!important;display:block!important;");
      overlay.style.setProperty("visibility", "hidden", "important");
      faultActive("stripe_js.challenge_frame_never_shown").then(function (neverShown) {
        if (!neverShown) {
          overlay.style.removeProperty("visibility");
        }
      });
      var timer = null;
      function close(outcome) {
        if (!listeners[overlay.name]) {
          return;
        }
        delete listeners[overlay.name];
        clearTimeout(timer);
        if (overlay.parentNode) {
          overlay.parentNode.removeChild(overlay);
        }
        resolve(outcome);
      }
      function poll() {
        timer = setTimeout(function () {
          answered().then(function (done) {
            if (done) {
              close("answered");
            } else if (listeners[overlay.name]) {
              poll();
            }
          });
        }, CHALLENGE_POLL_MS);
      }
      listeners[overlay.name] = function (message, event) {
        if (event.source === overlay.contentWindow && message.type === "challenge-result") {
          close(message.outcome);
        }
      };
      document.body.appendChild(overlay);
      poll();
    });
  }

  // --- entry point ---------------------------------------------------------------------------------------

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
    if (options !== undefined && !isObject(options)) {
      throw integrationError("Invalid value for Stripe(): options should be an object. You specified: " + String(options) + ".");
    }
    return new StripeStandIn(key, options);
  }

  Stripe.version = VERSION;
  Stripe.standIn = true;
  window.Stripe = Stripe;
})();
