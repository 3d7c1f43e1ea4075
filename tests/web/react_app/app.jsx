/*
 * A partner's frontend as Stripe's React docs build it: @stripe/react-stripe-js (<Elements>, <PaymentElement>,
 * <CardElement>, useStripe, useElements) over @stripe/stripe-js's loadStripe, with the Connect API behind it.
 *
 * Sign in (partner token + user id, as the sandbox's reference client does), list the payment methods, add a
 * card from the Connect API's SetupIntent (?element=payment: <PaymentElement> + confirmSetup;
 * ?element=card: <CardElement> + confirmCardSetup), and pay open debts with confirmPayment and the default
 * card.
 *
 * Stripe.js comes from the URL the app's config names (on the sandbox, its stand-in): the app adds that
 * script tag itself, then `loadStripe` from `@stripe/stripe-js/pure` finds `window.Stripe` and never
 * reaches out to js.stripe.com.
 */
import { useCallback, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { loadStripe } from "@stripe/stripe-js/pure";
import { CardElement, Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";

const variant = new URLSearchParams(location.search).get("element") === "card" ? "card" : "payment";
const returnUrl = () => location.origin + location.pathname + "?element=" + variant;
const APPEARANCE = { theme: "stripe", variables: { colorPrimary: "#0b6e4f", borderRadius: "6px" } };

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.onload = resolve;
    tag.onerror = () => reject(new Error("Stripe.js could not be loaded from " + src));
    document.head.appendChild(tag);
  });
}

function connectApi(config, session) {
  return async (method, path, body) => {
    const headers = { Accept: "application/json", Authorization: "Bearer " + session.token };
    const init = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(config.connect_api_base + "/users/" + encodeURIComponent(session.userId) + "/" + path, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

function Message({ message }) {
  if (!message) {
    return null;
  }
  return <p id="message" data-kind={message.kind} role={message.kind === "error" ? "alert" : "status"}>{message.text}</p>;
}

function SignIn({ onSignIn }) {
  const submit = (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSignIn(String(form.get("token")), String(form.get("user_id")));
  };
  return (
    <form name="sign-in" onSubmit={submit}>
      <label>Partner token <input name="token" type="password" autoComplete="off" required /></label>
      <label>User id <input name="user_id" required /></label>
      <button type="submit">Sign in</button>
    </form>
  );
}

// <PaymentElement> in an Elements group made from the SetupIntent's client secret; confirmSetup.
function PaymentElementForm({ onDone, say }) {
  const stripe = useStripe();
  const elements = useElements();
  const [complete, setComplete] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    say("info", "Saving your card…");
    const result = await stripe.confirmSetup({ elements, confirmParams: { return_url: returnUrl() }, redirect: "if_required" });
    onDone(result.error ? result.error.message : null);
  };
  return (
    <form name="add-card" onSubmit={submit} data-complete={String(complete)}>
      <PaymentElement options={{ layout: "tabs" }} onChange={(event) => setComplete(event.complete)} />
      <button id="submit-card" type="submit" disabled={!stripe || !elements}>Save card</button>
    </form>
  );
}

// <CardElement> in an Elements group without options; confirmCardSetup with elements.getElement(CardElement).
function CardElementForm({ secret, onDone, say }) {
  const stripe = useStripe();
  const elements = useElements();
  const [cardError, setCardError] = useState("");
  const submit = async (event) => {
    event.preventDefault();
    say("info", "Saving your card…");
    const card = elements.getElement(CardElement);
    if (!card) {
      onDone("The card form is not ready.");
      return;
    }
    const result = await stripe.confirmCardSetup(secret, { payment_method: { card } });
    onDone(result.error ? result.error.message : null);
  };
  return (
    <form name="add-card" onSubmit={submit}>
      <CardElement options={{ hidePostalCode: true }} onChange={(event) => setCardError(event.error ? event.error.message : "")} />
      <p className="card-errors" role="alert">{cardError}</p>
      <button id="submit-card" type="submit" disabled={!stripe || !elements}>Save card</button>
    </form>
  );
}

function Debts({ debts, onPay }) {
  if (debts === null) {
    return null;
  }
  if (!debts.length) {
    return <p>No open debts.</p>;
  }
  return (
    <ul>
      {debts.map((debt) => (
        <li key={debt.session_id}>
          {debt.amount} {debt.currency}{" "}
          <button type="button" data-action="pay" onClick={() => onPay(debt)}>Pay</button>
        </li>
      ))}
    </ul>
  );
}

function Account({ config, session, stripePromise, onLogout }) {
  const stripe = useStripe();
  const [message, setMessage] = useState(null);
  const [methods, setMethods] = useState(null);
  const [debts, setDebts] = useState(null);
  const [secret, setSecret] = useState(null);
  const say = (kind, text) => setMessage({ kind, text });
  const api = useCallback(connectApi(config, session), [config, session]);

  // A list of the Connect API (payment methods, debts) into `store`, or a message saying it failed.
  const loader = (path, store, what) => async () => {
    const res = await api("GET", path);
    if (res.status !== 200) {
      say("error", what + " could not be loaded (" + res.status + ").");
      return;
    }
    store(res.body.results);
  };
  const loadMethods = useCallback(loader("payment-methods/?page_size=100", setMethods, "Payment methods"), [api]);
  const loadDebts = useCallback(loader("charging/debts/?page_size=100", setDebts, "Open debts"), [api]);

  useEffect(() => {
    loadMethods();
  }, [loadMethods]);

  const openForm = async () => {
    const res = await api("GET", "setup-intents/?pm_type=card");
    if (res.status !== 200) {
      say("error", "The card form could not be opened (" + res.status + ").");
      return;
    }
    setSecret(res.body.setup_intent_client_secret);
  };

  const saved = async (error) => {
    if (error) {
      say("error", error);
      return; // the form stays, with the same SetupIntent, for another try
    }
    setSecret(null);
    await loadMethods();
    say("success", "Card saved.");
  };

  const pay = async (debt) => {
    const card = (methods || []).find((m) => m.default) || (methods || [])[0];
    if (!card) {
      say("error", "Add a payment method to pay this debt.");
      return;
    }
    say("info", "Paying…");
    const result = await stripe.confirmPayment({
      clientSecret: debt.payment_intent_client_secret,
      confirmParams: { payment_method: card.id, return_url: returnUrl() },
      redirect: "if_required",
    });
    if (result.error) {
      say("error", result.error.message);
      return;
    }
    await loadDebts();
    say("success", "Debt paid.");
  };

  return (
    <main>
      <header>
        Signed in as <strong>{session.userId}</strong>{" "}
        <button id="logout" type="button" onClick={onLogout}>Log out</button>
      </header>
      <Message message={message} />
      <section aria-label="Payment methods">
        {methods && !methods.length ? <p>No payment methods yet.</p> : null}
        <ul>
          {(methods || []).map((m) => (
            <li key={m.id}>
              {m.card ? m.card.brand + " •••• " + m.card.last4 : m.type}
              {m.default ? <em> Default</em> : null}
            </li>
          ))}
        </ul>
        {secret ? null : <button id="add-payment-method" type="button" onClick={openForm}>Add payment method</button>}
        {secret && variant === "payment" ? (
          <Elements key={secret} stripe={stripePromise} options={{ clientSecret: secret, appearance: APPEARANCE, loader: "auto" }}>
            <PaymentElementForm onDone={saved} say={say} />
          </Elements>
        ) : null}
        {secret && variant === "card" ? <CardElementForm secret={secret} onDone={saved} say={say} /> : null}
      </section>
      <section aria-label="Open debts">
        <button id="open-debts" type="button" onClick={loadDebts}>Open debts</button>
        <Debts debts={debts} onPay={pay} />
      </section>
    </main>
  );
}

function App({ config, stripePromise }) {
  const [session, setSession] = useState(null);
  const [message, setMessage] = useState(null);
  const signIn = async (token, userId) => {
    const res = await fetch(config.connect_api_base + "/users/" + encodeURIComponent(userId) + "/", {
      headers: { Accept: "application/json", Authorization: "Bearer " + token },
    });
    if (res.status !== 200) {
      setMessage({ kind: "error", text: "Sign-in failed (" + res.status + ")." });
      return;
    }
    setMessage(null);
    setSession({ token, userId });
  };
  if (!session) {
    return (
      <>
        <Message message={message} />
        <SignIn onSignIn={signIn} />
      </>
    );
  }
  // One Elements provider for the whole account: useStripe() for confirmPayment, and the CardElement's group.
  return (
    <Elements stripe={stripePromise} options={{ appearance: APPEARANCE }}>
      <Account key={session.userId} config={config} session={session} stripePromise={stripePromise} onLogout={() => setSession(null)} />
    </Elements>
  );
}

async function start() {
  const config = await (await fetch("config.json", { headers: { Accept: "application/json" } })).json();
  await loadScript(config.stripe_js_url);
  const stripePromise = loadStripe(config.publishable_key);
  await stripePromise;
  createRoot(document.getElementById("root")).render(<App config={config} stripePromise={stripePromise} />);
  document.body.setAttribute("data-ready", "true");
}

start().catch((error) => {
  document.getElementById("root").textContent = "The app could not start: " + error.message;
});
