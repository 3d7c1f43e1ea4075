/*
 * Inside an element frame of the Stripe.js stand-in (Payment Element or Card Element).
 *
 * The fields live only here. On "createPaymentMethod" the frame validates them as Stripe.js does and
 * sends the card to the emulator itself; the embedding page only ever receives the PaymentMethod.
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
  var API = new URL("../../stripe/v1/", location.href).href;

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

  var fields = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-field]"), function (el) {
    fields[el.getAttribute("data-field")] = el;
  });
  var touched = {};
  var submitted = false;
  var hidePostal = params.get("hidePostalCode") === "true";

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
    if (/^6(011|5)/.test(number)) { return "discover"; }
    return "unknown";
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
    if (brandOf(d) === "amex") {
      d = d.slice(0, 15);
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

  // Each check: {field, error, partial}; a partial error (still typing) shows only after blur or submit.
  function checks() {
    var now = new Date();
    var number = digits(fields.number.value);
    var expiry = digits(fields.expiry.value);
    var cvc = digits(fields.cvc.value);
    var brand = brandOf(number);
    var result = [];
    if (number.length < (brand === "amex" ? 15 : 16)) {
      result.push({ field: "number", error: error("incomplete_number"), partial: true });
    } else if (!luhn(number)) {
      result.push({ field: "number", error: error("invalid_number") });
    }
    if (expiry.length < 4) {
      result.push({ field: "expiry", error: error("incomplete_expiry"), partial: true });
    } else {
      var month = Number(expiry.slice(0, 2));
      var year = 2000 + Number(expiry.slice(2));
      if (month < 1 || month > 12) {
        result.push({ field: "expiry", error: error("invalid_expiry_month") });
      } else if (year < now.getFullYear()) {
        result.push({ field: "expiry", error: error("invalid_expiry_year_past") });
      } else if (year === now.getFullYear() && month < now.getMonth() + 1) {
        result.push({ field: "expiry", error: error("invalid_expiry_month_past") });
      }
    }
    if (cvc.length < (brand === "amex" ? 4 : 3)) {
      result.push({ field: "cvc", error: error("incomplete_cvc"), partial: true });
    }
    if (postalShown() && !String(fields.postal.value).trim()) {
      result.push({ field: "postal", error: error("incomplete_zip"), partial: true });
    }
    return result;
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
      var b = brandOf(digits(fields.number.value));
      brand.textContent = b === "unknown" ? "" : b;
    }
    var postalField = document.querySelector("[data-postal-field]");
    if (postalField) {
      postalField.hidden = !postalShown();
      document.querySelector("[data-postal-label]").textContent = POSTAL_LABELS[fields.country.value] || "Postal code";
    } else if (fields.postal) {
      fields.postal.hidden = hidePostal;
    }
  }

  function empty() {
    return ["number", "expiry", "cvc"].every(function (n) { return !fields[n].value; });
  }

  function reportChange() {
    var all = checks();
    render(all);
    var visible = all.filter(shown)[0];
    send("change", {
      elementType: component,
      empty: empty(),
      complete: all.length === 0,
      error: visible ? visible.error : undefined,
      brand: brandOf(digits(fields.number.value)),
      value: component === "card" ? { postalCode: fields.postal ? fields.postal.value : "" } : { type: "card" }
    });
    resize();
  }

  // --- the PaymentMethod, created from here --------------------------------------------------------

  function encodeForm(value, prefix, pairs) {
    pairs = pairs || [];
    if (value === undefined || value === null) { return pairs; }
    if (typeof value === "object") {
      Object.keys(value).forEach(function (k) { encodeForm(value[k], prefix ? prefix + "[" + k + "]" : k, pairs); });
    } else {
      pairs.push(encodeURIComponent(prefix) + "=" + encodeURIComponent(String(value)));
    }
    return pairs;
  }

  function setDisabled(disabled) {
    Object.keys(fields).forEach(function (name) { fields[name].disabled = disabled; });
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
    var first = checks()[0];
    return first ? { error: first.error } : {};
  }

  function createPaymentMethod(payload) {
    var invalid = validate();
    if (invalid.error) {
      return Promise.resolve(invalid);
    }
    var expiry = digits(fields.expiry.value);
    var form = {
      key: key,
      type: "card",
      card: {
        number: digits(fields.number.value),
        exp_month: expiry.slice(0, 2),
        exp_year: "20" + expiry.slice(2),
        cvc: digits(fields.cvc.value)
      },
      billing_details: billingDetails(payload.billing_details),
      payment_user_agent: "stripe.js/stand-in; connect-cert sandbox"
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

  function buildTabs() {
    var list = document.querySelector("[data-tabs]");
    if (!list) { return; }
    var types = (params.get("types") || "card").split(",").filter(Boolean);
    types.forEach(function (type, i) {
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "p-Tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("data-value", type);
      tab.setAttribute("aria-selected", i === 0 ? "true" : "false");
      tab.innerHTML = '<span class="p-TabLabel"></span>';
      tab.firstChild.textContent = TYPE_LABELS[type] || type;
      tab.addEventListener("click", function () { selectTab(type); });
      list.appendChild(tab);
    });
    selectTab(types[0] || "card");
  }

  function selectTab(type) {
    Array.prototype.forEach.call(document.querySelectorAll('[role="tab"]'), function (tab) {
      tab.setAttribute("aria-selected", tab.getAttribute("data-value") === type ? "true" : "false");
    });
    document.querySelector('[data-panel="card"]').hidden = type !== "card";
    var other = document.querySelector('[data-panel="other"]');
    if (other) { other.hidden = type === "card"; }
    resize();
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
        fields.number.focus();
        break;
      case "blur":
        if (document.activeElement) { document.activeElement.blur(); }
        break;
      case "update":
        if (payload.options && "hidePostalCode" in payload.options) {
          hidePostal = !!payload.options.hidePostalCode;
          reportChange();
        }
        break;
      default:
        break;
    }
  });

  buildCountries();
  buildTabs();
  render(checks());
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(resize).observe(document.body);
  }
  send("ready");
  resize();
})();
