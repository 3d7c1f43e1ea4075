/*
 * Inside an element frame of the Stripe.js stand-in: the Payment Element, the Card Element, or one split card
 * field (cardNumber, cardExpiry, cardCvc).
 *
 * The fields live only here. On "createPaymentMethod" the frame validates them as Stripe.js does and sends the
 * card to the emulator itself; the embedding page only ever receives the PaymentMethod. A cardNumber frame
 * asks its group's cardExpiry and cardCvc frames for their fields over a BroadcastChannel of this origin.
 * It talks to the page through postMessage, to the origin named in its URL fragment and no other.
 */
(function () {
  "use strict";

  var TAG = "__stripeStandIn";
  var params = new URLSearchParams(location.hash.slice(1));
  var component = params.get("componentName") || "card";
  var elementId = params.get("id");
  var parentOrigin = params.get("origin");
  var key = params.get("key");
  // On Stripe's host (routed to a sandbox by a test) the API is Stripe's; otherwise the emulator beside this frame.
  var API = location.hostname === "js.stripe.com" ? "https://api.stripe.com/v1/" : new URL("../../stripe/v1/", location.href).href;
  var options = {};
  try {
    options = JSON.parse(params.get("options") || "{}") || {};
  } catch (e) {
    options = {};
  }
  var SPLIT = { cardNumber: "number", cardExpiry: "expiry", cardCvc: "cvc" };
  var splitField = SPLIT[component] || null;
  var channel = typeof BroadcastChannel === "function" && params.get("channel") ?
    new BroadcastChannel(TAG + ":" + params.get("channel")) : null;
  var SIBLING_TIMEOUT_MS = 3000;

  var COUNTRIES = ["AT", "BE", "CA", "CH", "CZ", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT", "LU", "NL",
    "NO", "PL", "PT", "SE", "US"];
  var POSTAL_LABELS = { US: "ZIP", GB: "Postal code", CA: "Postal code" }; // where Stripe asks for it
  var TYPE_LABELS = {
    card: "Card", sepa_debit: "SEPA Debit", paypal: "PayPal", klarna: "Klarna", ideal: "iDEAL",
    bancontact: "Bancontact", sofort: "Sofort", us_bank_account: "US bank account", link: "Link"
  };
  var ERRORS = {
    incomplete_number: "Your card number is incomplete.",
    invalid_number: "Your card number is invalid.",
    incomplete_expiry: "Your card's expiration date is incomplete.",
    invalid_expiry_month: "Your card's expiration date is invalid.",
    invalid_expiry_year_past: "Your card's expiration year is in the past.",
    invalid_expiry_month_past: "Your card's expiration date is in the past.",
    incomplete_cvc: "Your card's security code is incomplete.",
    incomplete_zip: component === "payment" ? "Your postal code is incomplete." : "Your ZIP is incomplete."
  };
  // The split fields, built here: the same names and labels as the Card Element's inputs.
  var SPLIT_INPUTS = {
    number: { name: "cardnumber", autocomplete: "cc-number", placeholder: "1234 1234 1234 1234", label: "Credit or debit card number" },
    expiry: { name: "exp-date", autocomplete: "cc-exp", placeholder: "MM / YY", label: "Credit or debit card expiration date" },
    cvc: { name: "cvc", autocomplete: "cc-csc", placeholder: "CVC", label: "Credit or debit card CVC/CVV" }
  };

  if (splitField) {
    buildSplitInput(splitField);
  }

  var fields = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-field]"), function (el) {
    fields[el.getAttribute("data-field")] = el;
  });
  var touched = {};
  var submitted = false;
  var hidePostal = params.get("hidePostalCode") === "true";
  var collapsed = false;
  var selectedType = "card";
  var lastBrand = "unknown";

  function buildSplitInput(field) {
    var spec = SPLIT_INPUTS[field];
    var input = document.createElement("input");
    input.className = "CardField-input CardField-" + field;
    input.name = spec.name;
    input.setAttribute("data-field", field);
    input.type = "text";
    input.inputMode = "numeric";
    input.autocomplete = spec.autocomplete;
    input.placeholder = options.placeholder || spec.placeholder;
    input.setAttribute("aria-label", spec.label);
    input.setAttribute("aria-invalid", "false");
    input.spellcheck = false;
    var row = document.querySelector("[data-panel=card]");
    if (field === "number") {
      var brand = document.createElement("span");
      brand.className = "CardBrandIcon";
      brand.setAttribute("data-brand", "");
      brand.setAttribute("aria-hidden", "true");
      row.appendChild(brand);
    }
    row.appendChild(input);
  }

  function send(type, payload) {
    var message = { type: type, elementId: elementId, payload: payload || {} };
    message[TAG] = true;
    parent.postMessage(message, parentOrigin);
  }

  function error(code) {
    return { type: "validation_error", code: code, message: ERRORS[code] };
  }

  function digits(value) {
    return String(value || "").replace(/\D/g, "");
  }

  function brandOf(number) {
    if (/^4/.test(number)) { return "visa"; }
    if (/^(5[1-5]|2[2-7])/.test(number)) { return "mastercard"; }
    if (/^3[47]/.test(number)) { return "amex"; }
    if (/^(6011|65|64[4-9])/.test(number)) { return "discover"; }
    if (/^(36|30[0-5]|38|39)/.test(number)) { return "diners"; }
    if (/^35/.test(number)) { return "jcb"; }
    if (/^62/.test(number)) { return "unionpay"; }
    return "unknown";
  }

  function numberLength(brand) {
    return { amex: 15, diners: 14 }[brand] || 16;
  }

  function luhn(number) {
    var sum = 0;
    for (var i = 0; i < number.length; i += 1) {
      var d = Number(number[number.length - 1 - i]);
      if (i % 2) { d = d * 2 > 9 ? d * 2 - 9 : d * 2; }
      sum += d;
    }
    return sum % 10 === 0;
  }

  // --- formatting, as the real fields reformat while the user types ---------------------------

  function formatNumber(value) {
    var d = digits(value);
    var brand = brandOf(d);
    if (brand === "amex" || brand === "diners") {
      d = d.slice(0, numberLength(brand));
      return [d.slice(0, 4), d.slice(4, 10), d.slice(10)].filter(Boolean).join(" ");
    }
    d = d.slice(0, 19);
    return d.replace(/(\d{4})(?=\d)/g, "$1 ");
  }

  function formatExpiry(value) {
    var d = digits(value).slice(0, 4);
    if (d.length === 1 && d > "1") { d = "0" + d; }
    return d.length > 2 ? d.slice(0, 2) + " / " + d.slice(2) : d;
  }

  var FORMATTERS = {
    number: formatNumber,
    expiry: formatExpiry,
    cvc: function (v) { return digits(v).slice(0, 4); },
    postal: function (v) { return String(v || "").slice(0, 10); }
  };

  // --- validation --------------------------------------------------------------------------------

  function postalShown() {
    if (!fields.postal || hidePostal) { return false; }
    if (component === "payment") { return !!POSTAL_LABELS[fields.country.value]; }
    return true;
  }

  function checkNumber(number) {
    var brand = brandOf(number);
    if (number.length < numberLength(brand)) {
      return { field: "number", error: error("incomplete_number"), partial: true };
    }
    if (!luhn(number)) {
      return { field: "number", error: error("invalid_number") };
    }
    return null;
  }

  function checkExpiry(expiry) {
    var now = new Date();
    if (expiry.length < 4) {
      return { field: "expiry", error: error("incomplete_expiry"), partial: true };
    }
    var month = Number(expiry.slice(0, 2));
    var year = 2000 + Number(expiry.slice(2));
    if (month < 1 || month > 12) {
      return { field: "expiry", error: error("invalid_expiry_month") };
    }
    if (year < now.getFullYear()) {
      return { field: "expiry", error: error("invalid_expiry_year_past") };
    }
    if (year === now.getFullYear() && month < now.getMonth() + 1) {
      return { field: "expiry", error: error("invalid_expiry_month_past") };
    }
    return null;
  }

  function checkCvc(cvc, brand) {
    var needed = brand === "amex" ? 4 : 3;
    return cvc.length < needed ? { field: "cvc", error: error("incomplete_cvc"), partial: true } : null;
  }

  function value(name) {
    return fields[name] ? digits(fields[name].value) : "";
  }

  // Each check: {field, error, partial}; a partial error (still typing) shows only after blur or submit.
  function checks() {
    var brand = brandOf(value("number"));
    var result = [];
    if (fields.number) { result.push(checkNumber(value("number"))); }
    if (fields.expiry) { result.push(checkExpiry(value("expiry"))); }
    if (fields.cvc) { result.push(checkCvc(value("cvc"), fields.number ? brand : "unknown")); }
    if (postalShown() && !String(fields.postal.value).trim()) {
      result.push({ field: "postal", error: error("incomplete_zip"), partial: true });
    }
    return result.filter(Boolean);
  }

  function shown(check) {
    return !check.partial || submitted || touched[check.field];
  }

  function render(all) {
    Object.keys(fields).forEach(function (name) {
      var check = all.filter(function (c) { return c.field === name; })[0];
      var invalid = !!(check && shown(check));
      fields[name].setAttribute("aria-invalid", invalid ? "true" : "false");
      fields[name].classList.toggle("is-invalid", invalid);
      var slot = document.querySelector('[data-error-for="' + name + '"]');
      if (slot) {
        slot.textContent = invalid ? check.error.message : "";
        slot.hidden = !invalid;
      }
    });
    var brand = document.querySelector("[data-brand]");
    if (brand) {
      var b = brandOf(value("number"));
      brand.textContent = b === "unknown" || options.hideIcon ? "" : b;
    }
    var postalField = document.querySelector("[data-postal-field]");
    if (postalField) {
      postalField.hidden = !postalShown();
      document.querySelector("[data-postal-label]").textContent = POSTAL_LABELS[fields.country.value] || "Postal code";
    } else if (fields.postal) {
      fields.postal.hidden = hidePostal;
    }
    var cardPanel = document.querySelector('[data-panel="card"]');
    var other = document.querySelector('[data-panel="other"]');
    if (component === "payment") {
      cardPanel.hidden = collapsed || selectedType !== "card";
      if (other) { other.hidden = collapsed || selectedType === "card"; }
      Array.prototype.forEach.call(document.querySelectorAll('[role="tab"]'), function (tab) {
        tab.setAttribute("aria-selected", !collapsed && tab.getAttribute("data-value") === selectedType ? "true" : "false");
      });
    }
  }

  function empty() {
    return ["number", "expiry", "cvc"].every(function (n) { return !fields[n] || !fields[n].value; });
  }

  // The change event of each Element type (@stripe/stripe-js: Stripe*ElementChangeEvent).
  function changeEvent(all) {
    var visible = all.filter(shown)[0];
    var event = { elementType: component, empty: empty(), complete: all.length === 0 };
    if (component === "payment") {
      event.collapsed = collapsed;
      event.value = { type: selectedType };
      if (fields.country) {
        event.value.billingDetails = {
          address: { country: fields.country.value, postalCode: postalShown() ? String(fields.postal.value).trim() : null }
        };
      }
      return event;
    }
    event.error = visible ? visible.error : undefined;
    if (component === "card" || component === "cardNumber") {
      event.brand = brandOf(value("number"));
    }
    if (component === "card") {
      event.value = { postalCode: fields.postal && !hidePostal ? fields.postal.value : "" };
    }
    return event;
  }

  function reportChange() {
    var all = checks();
    render(all);
    send("change", changeEvent(all));
    var brand = brandOf(value("number"));
    if (component === "payment" && brand !== lastBrand) {
      send("carddetailschange", {
        loading: false,
        details: brand === "unknown" ? undefined : { brands: [brand], funding: null }
      });
    }
    lastBrand = brand;
    resize();
  }

  // --- the split card Elements: fields handed to the cardNumber frame, never to the page ---------

  function ownCheck() {
    return checks().filter(function (c) { return c.field === splitField; })[0] || null;
  }

  if (channel && splitField && splitField !== "number") {
    channel.onmessage = function (event) {
      var data = event.data || {};
      if (data.type !== "collect") { return; }
      submitted = data.validate !== false;
      reportChange();
      var check = ownCheck();
      channel.postMessage({
        type: "collected", requestId: data.requestId, field: splitField,
        value: check ? null : value(splitField), error: check ? check.error : null
      });
    };
  }

  // Ask the group's expiry and cvc frames for their fields; a missing frame counts as an empty field.
  function collectSiblings() {
    if (!channel) {
      return Promise.resolve({ expiry: { error: error("incomplete_expiry") }, cvc: { error: error("incomplete_cvc") } });
    }
    var requestId = Math.random().toString(36).slice(2);
    var answers = {};
    return new Promise(function (resolve) {
      var timer = setTimeout(finish, SIBLING_TIMEOUT_MS);
      function finish() {
        clearTimeout(timer);
        channel.removeEventListener("message", receive);
        resolve({
          expiry: answers.expiry || { error: error("incomplete_expiry") },
          cvc: answers.cvc || { error: error("incomplete_cvc") }
        });
      }
      function receive(event) {
        var data = event.data || {};
        if (data.type !== "collected" || data.requestId !== requestId) { return; }
        answers[data.field] = data;
        if (answers.expiry && answers.cvc) { finish(); }
      }
      channel.addEventListener("message", receive);
      channel.postMessage({ type: "collect", requestId: requestId });
    });
  }

  // --- the PaymentMethod, created from here --------------------------------------------------------

  function encodeForm(data, prefix, pairs) {
    pairs = pairs || [];
    if (data === undefined || data === null) { return pairs; }
    if (typeof data === "object") {
      Object.keys(data).forEach(function (k) { encodeForm(data[k], prefix ? prefix + "[" + k + "]" : k, pairs); });
    } else {
      pairs.push(encodeURIComponent(prefix) + "=" + encodeURIComponent(String(data)));
    }
    return pairs;
  }

  function setDisabled(disabled) {
    Object.keys(fields).forEach(function (name) { fields[name].disabled = disabled || !!options.disabled; });
  }

  function billingDetails(given) {
    var details = Object.assign({}, given || {});
    var address = Object.assign({}, details.address || {});
    if (fields.country && !address.country) { address.country = fields.country.value; }
    if (postalShown() && !address.postal_code) { address.postal_code = String(fields.postal.value).trim(); }
    if (Object.keys(address).length) { details.address = address; }
    return details;
  }

  function validate() {
    submitted = true;
    reportChange();
    if (component === "payment" && selectedType !== "card") {
      return { error: unavailableType() };
    }
    var first = checks()[0];
    return first ? { error: first.error } : { selectedPaymentMethod: selectedType };
  }

  function unavailableType() {
    return {
      type: "invalid_request_error", code: "payment_method_unavailable",
      message: (TYPE_LABELS[selectedType] || selectedType) + " is not available in test mode on this sandbox."
    };
  }

  function cardFields() {
    var invalid = validate();
    if (invalid.error) {
      return Promise.resolve(invalid);
    }
    if (splitField !== "number") {
      return Promise.resolve({ number: value("number"), expiry: value("expiry"), cvc: value("cvc") });
    }
    return collectSiblings().then(function (siblings) {
      var failed = siblings.expiry.error || siblings.cvc.error;
      if (failed) {
        return { error: failed };
      }
      var cvcCheck = checkCvc(siblings.cvc.value, brandOf(value("number")));
      if (cvcCheck) {
        return { error: cvcCheck.error };
      }
      return { number: value("number"), expiry: siblings.expiry.value, cvc: siblings.cvc.value };
    });
  }

  function createPaymentMethod(payload) {
    return cardFields().then(function (card) {
      if (card.error) {
        return card;
      }
      var form = {
        key: key,
        type: "card",
        card: { number: card.number, exp_month: card.expiry.slice(0, 2), exp_year: "20" + card.expiry.slice(2), cvc: card.cvc },
        billing_details: billingDetails(payload.billing_details),
        metadata: payload.metadata || undefined,
        payment_user_agent: payload.user_agent || "stripe.js/stand-in; connect-cert sandbox"
      };
      setDisabled(true);
      return fetch(API + "payment_methods", {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: encodeForm(form).join("&")
      }).then(function (response) {
        return response.json().then(function (body) {
          return response.ok ? { paymentMethod: body } : { error: body.error };
        });
      }).catch(function () {
        return { error: { type: "api_connection_error", message: "We could not connect to Stripe. Please check your connection and try again." } };
      }).then(function (result) {
        setDisabled(false);
        return result;
      });
    });
  }

  // --- appearance (Elements group) and style (card Elements) -------------------------------------

  var APPEARANCE_VARIABLES = ["colorPrimary", "colorBackground", "colorText", "colorDanger", "colorTextPlaceholder",
    "colorIcon", "fontFamily", "fontSizeBase", "borderRadius", "spacingUnit"];

  function setVariable(name, val) {
    if (typeof val === "string" || typeof val === "number") {
      document.documentElement.style.setProperty("--" + name, String(val));
    }
  }

  function applyAppearance(appearance) {
    if (!appearance || typeof appearance !== "object") { return; }
    document.body.setAttribute("data-theme", appearance.theme || "stripe");
    var variables = appearance.variables || {};
    APPEARANCE_VARIABLES.forEach(function (name) { setVariable(name, variables[name]); });
  }

  function applyStyle(style) {
    if (!style || typeof style !== "object") { return; }
    var base = style.base || {};
    setVariable("colorText", base.color);
    setVariable("fontSizeBase", base.fontSize);
    setVariable("fontFamily", base.fontFamily);
    setVariable("colorIcon", base.iconColor);
    setVariable("colorTextPlaceholder", (base["::placeholder"] || {}).color);
    setVariable("colorDanger", (style.invalid || {}).color);
  }

  function applyOptions(changed) {
    if ("style" in changed) { applyStyle(changed.style); }
    if ("disabled" in changed || "readOnly" in changed) {
      options.disabled = !!(changed.disabled || changed.readOnly);
      setDisabled(false);
    }
    if ("hideIcon" in changed) { options.hideIcon = !!changed.hideIcon; }
    if ("hidePostalCode" in changed) { hidePostal = !!changed.hidePostalCode; }
    if (changed.value && typeof changed.value.postalCode === "string" && fields.postal) {
      fields.postal.value = changed.value.postalCode;
    }
    if (typeof changed.placeholder === "string" && splitField) {
      fields[splitField].placeholder = changed.placeholder;
    }
    reportChange();
  }

  // --- layout --------------------------------------------------------------------------------------

  function resize() {
    send("resize", { height: document.body.getBoundingClientRect().height });
  }

  function regionOf(locale) {
    var match = /[-_]([A-Za-z]{2})$/.exec(locale || "");
    return match ? match[1].toUpperCase() : "";
  }

  function buildCountries() {
    if (!fields.country) { return; }
    var names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : null;
    COUNTRIES.forEach(function (code) {
      var option = document.createElement("option");
      option.value = code;
      option.textContent = names ? names.of(code) : code;
      fields.country.appendChild(option);
    });
    var wanted = (params.get("country") || regionOf(navigator.language) || "US").toUpperCase();
    fields.country.value = COUNTRIES.indexOf(wanted) >= 0 ? wanted : "US";
  }

  function buildTabs(types) {
    var list = document.querySelector("[data-tabs]");
    if (!list) { return; }
    list.innerHTML = "";
    types.forEach(function (type) {
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "p-Tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("data-value", type);
      tab.setAttribute("aria-selected", "false");
      tab.innerHTML = '<span class="p-TabLabel"></span>';
      tab.firstChild.textContent = TYPE_LABELS[type] || type;
      tab.addEventListener("click", function () { selectTab(type); });
      list.appendChild(tab);
    });
    selectedType = types.indexOf(selectedType) >= 0 ? selectedType : types[0] || "card";
  }

  function selectTab(type) {
    selectedType = type;
    collapsed = false;
    reportChange();
  }

  // --- wiring ----------------------------------------------------------------------------------------

  Object.keys(fields).forEach(function (name) {
    var el = fields[name];
    el.addEventListener("input", function () {
      if (FORMATTERS[name]) { el.value = FORMATTERS[name](el.value); }
      reportChange();
    });
    el.addEventListener("change", reportChange);
    el.addEventListener("focus", function () { send("focus"); });
    el.addEventListener("blur", function () {
      if (el.value) { touched[name] = true; }
      reportChange();
      send("blur");
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { send("escape"); }
  });

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== parent || event.origin !== parentOrigin || !data || data[TAG] !== true) {
      return;
    }
    var payload = data.payload || {};
    function reply(result) {
      send("response", { requestId: payload.requestId, result: result });
    }
    switch (data.type) {
      case "createPaymentMethod":
        if (component === "payment" && selectedType !== "card") {
          submitted = true;
          reply({ error: unavailableType() });
          break;
        }
        createPaymentMethod(payload).then(reply);
        break;
      case "validate":
        reply(validate());
        break;
      case "clear":
        Object.keys(fields).forEach(function (n) { if (n !== "country") { fields[n].value = ""; } });
        touched = {};
        submitted = false;
        reportChange();
        break;
      case "focus":
        (fields.number || fields[splitField]).focus();
        break;
      case "blur":
        if (document.activeElement) { document.activeElement.blur(); }
        break;
      case "collapse":
        collapsed = true;
        reportChange();
        break;
      case "update":
        applyOptions(payload.options || {});
        break;
      case "group-update":
        if (payload.appearance) { applyAppearance(payload.appearance); }
        if (payload.types) { buildTabs(payload.types); }
        reportChange();
        break;
      default:
        break;
    }
  });

  var initialTypes = (params.get("types") || "card").split(",").filter(Boolean);
  buildCountries();
  buildTabs(initialTypes);
  applyAppearance(options.appearance);
  applyStyle(options.style);
  if (options.postalCode && fields.postal) { fields.postal.value = options.postalCode; }
  setDisabled(false);
  collapsed = component === "payment" && !!(options.layout && options.layout.defaultCollapsed);
  render(checks());
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(resize).observe(document.body);
  }
  send("ready", { types: component === "payment" ? initialTypes : undefined });
  resize();
})();
