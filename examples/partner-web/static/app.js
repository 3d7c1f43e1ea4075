/*
 * Voltstrom's frontend: sign in, save cards with Stripe's Payment Element (confirmSetup on the SetupIntent
 * the backend gets from the Connect API), pay open charging debts (confirmPayment on the debt's
 * PaymentIntent with the saved card). Stripe.js is loaded from the URL the backend's config names.
 */
(function () {
  "use strict";

  var stripe = null;
  var elements = null;
  var cards = [];
  var debts = [];

  function $(id) {
    return document.getElementById(id);
  }

  function api(method, path, body) {
    var init = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var data = text ? JSON.parse(text) : {};
        if (!response.ok) {
          var error = new Error(data.error || "Something went wrong. Please try again.");
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  // kind: ok (role status), error (role alert), busy (role status, while something runs)
  function notice(kind, text) {
    var box = $("notices");
    box.textContent = "";
    if (!text) {
      return;
    }
    var line = document.createElement("p");
    line.className = "notice notice--" + kind;
    line.setAttribute("role", kind === "error" ? "alert" : "status");
    line.textContent = text;
    box.appendChild(line);
  }

  function loadStripe() {
    return api("GET", "/config.json").then(function (config) {
      return new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = config.stripe_js;
        tag.onload = function () { resolve(window.Stripe(config.publishable_key)); };
        tag.onerror = function () { reject(new Error("Payments could not be loaded.")); };
        document.head.appendChild(tag);
      });
    });
  }

  // --- account ---------------------------------------------------------------------------------------

  function enter(me) {
    $("who-email").textContent = me.email;
    $("connect-user").textContent = me.connect_user_id || "";
    $("debug").hidden = !me.connect_user_id; // the debug build says which Connect user this is
    $("who").hidden = false;
    $("sign-out").hidden = false;
    $("welcome").hidden = true;
    $("account").hidden = false;
    showTab("cards");
    return loadCards(); // the signed-in user's cards
  }

  function signIn(event) {
    event.preventDefault();
    var form = $("sign-in");
    notice("busy", "Signing you in…");
    api("POST", "/api/session", { email: form.email.value, password: form.password.value }).then(function (me) {
      form.reset();
      notice("", "");
      return enter(me);
    }).catch(function (error) {
      notice("error", error.message);
    });
  }

  function signOut() {
    api("DELETE", "/api/session").then(function () {
      closeCardForm();
      cards = []; // nothing of the previous user stays
      debts = [];
      $("who").hidden = true;
      $("debug").hidden = true;
      $("sign-out").hidden = true;
      $("account").hidden = true;
      $("welcome").hidden = false;
      notice("", "");
    }).catch(function (error) {
      notice("error", error.message);
    });
  }

  function showTab(name) {
    ["cards", "payments"].forEach(function (panel) {
      $(panel).hidden = panel !== name;
      $("tab-" + panel).setAttribute("aria-selected", String(panel === name));
    });
    if (name === "payments") {
      loadDebts();
    }
  }

  // --- cards -----------------------------------------------------------------------------------------

  function loadCards() {
    return api("GET", "/api/cards").then(function (data) {
      cards = data.cards;
      renderCards();
    }).catch(function (error) {
      notice("error", error.message);
    });
  }

  function brandName(brand) {
    return { visa: "Visa", mastercard: "Mastercard", amex: "American Express" }[brand] || "Card";
  }

  function renderCards() {
    var list = $("card-list");
    list.textContent = "";
    cards.forEach(function (card) {
      var item = document.createElement("li");
      var label = document.createElement("span");
      label.textContent = brandName(card.brand) + " •••• " + card.last4;
      item.appendChild(label);
      if (card.default) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "Default";
        item.appendChild(badge);
      }
      list.appendChild(item);
    });
    $("no-cards").hidden = cards.length > 0;
  }

  function openCardForm() {
    notice("busy", "Preparing the card form…");
    api("POST", "/api/cards/setup").then(function (setup) {
      elements = stripe.elements({ clientSecret: setup.client_secret, appearance: { theme: "stripe" } });
      elements.create("payment", { layout: "tabs" }).mount("#payment-element");
      $("add-card").hidden = true;
      $("card-form").hidden = false;
      notice("", "");
    }).catch(function (error) {
      notice("error", error.message);
    });
  }

  function closeCardForm() {
    $("payment-element").textContent = "";
    elements = null;
    $("card-form").hidden = true;
    $("add-card").hidden = false;
  }

  function saveCard(event) {
    event.preventDefault();
    $("save-card").disabled = true;
    notice("busy", "Saving your card…");
    stripe.confirmSetup({
      elements: elements,
      confirmParams: { return_url: location.origin + "/?card=saved" },
      redirect: "if_required"
    }).then(function (result) {
      if (result.error) {
        notice("error", result.error.message || "Your card could not be saved.");
        return null;
      }
      closeCardForm();
      return loadCards().then(function () { notice("ok", "Card saved."); });
    }).catch(function (error) {
      console.error(error);
      notice("error", "Could not save the card.");
    }).then(function () {
      $("save-card").disabled = false;
    });
  }

  // --- open payments (charging debts) -------------------------------------------------------------------

  function loadDebts() {
    return api("GET", "/api/debts").then(function (data) {
      debts = data.debts;
      renderDebts();
    }).catch(function (error) {
      notice("error", error.message);
    });
  }

  function renderDebts() {
    var list = $("debt-list");
    list.textContent = "";
    debts.forEach(function (debt) {
      var item = document.createElement("li");
      var amount = document.createElement("span");
      amount.textContent = debt.amount + " " + debt.currency;
      var pay = document.createElement("button");
      pay.type = "button";
      pay.className = "secondary";
      pay.textContent = "Pay now";
      pay.addEventListener("click", function () { payDebt(debt); });
      item.appendChild(amount);
      item.appendChild(pay);
      list.appendChild(item);
    });
    $("no-debts").hidden = debts.length > 0;
  }

  function payDebt(debt) {
    notice("busy", "Paying…");
    loadCards().then(function () {
      var card = cards.filter(function (c) { return c.default; })[0] || cards[0];
      if (!card) {
        notice("error", "Add a card to pay this amount.");
        return null;
      }
      return stripe.confirmPayment({
        clientSecret: debt.client_secret,
        confirmParams: { payment_method: card.id, return_url: location.origin + "/?payment=done" },
        redirect: "if_required"
      }).then(function (result) {
        if (result.error) {
          notice("error", result.error.message || "The payment failed.");
          return null;
        }
        return loadDebts().then(function () { notice("ok", "Payment received. Thank you!"); });
      });
    }).catch(function (error) {
      console.error(error);
      notice("error", "The payment could not be made.");
    });
  }

  // --- start ---------------------------------------------------------------------------------------------

  function returned() {
    // Back from a bank's page (a redirect flow): say how it went, and tidy the address bar.
    var query = new URLSearchParams(location.search);
    var status = query.get("redirect_status");
    if (status) {
      notice(status === "succeeded" ? "ok" : "error", status === "succeeded" ? "Done." : "The bank did not confirm.");
      history.replaceState(null, "", location.pathname);
    }
  }

  $("sign-in").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", signOut);
  $("tab-cards").addEventListener("click", function () { showTab("cards"); });
  $("tab-payments").addEventListener("click", function () { showTab("payments"); });
  $("add-card").addEventListener("click", openCardForm);
  $("cancel-card").addEventListener("click", closeCardForm);
  $("card-form").addEventListener("submit", saveCard);

  loadStripe().then(function (loaded) {
    stripe = loaded;
    return api("GET", "/api/me").then(enter, function () { return null; });
  }).then(function () {
    returned();
    document.body.setAttribute("data-ready", "true");
  }).catch(function (error) {
    notice("error", error.message);
  });
})();
