/*
 * The 3DS overlay of the Stripe.js stand-in: shows the emulator's challenge page in the nested frame
 * "stripe-challenge-frame" and tells the embedding page how it ended. The challenge page reports to its
 * parent (this frame) with {type: "stripe-3ds-result", intent, outcome}.
 */
(function () {
  "use strict";

  var TAG = "__stripeStandIn";
  var params = new URLSearchParams(location.hash.slice(1));
  var parentOrigin = params.get("origin");
  var frameName = params.get("frame");
  var challenge = document.querySelector('iframe[name="stripe-challenge-frame"]');
  var url = new URL(params.get("url") || "about:blank", location.href);
  // The 3DS test pages: the emulator beside this frame, or Stripe's hooks host when served as js.stripe.com.
  var pagesOrigin = location.hostname === "js.stripe.com" ? "https://hooks.stripe.com" : location.origin;

  // Only the emulator's 3DS pages may be shown in the challenge frame.
  if (url.origin === pagesOrigin && url.pathname.indexOf("/stripe/3ds/") >= 0) {
    challenge.src = url.href;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== challenge.contentWindow || event.origin !== pagesOrigin || !data ||
        data.type !== "stripe-3ds-result") {
      return;
    }
    var message = { type: "challenge-result", frame: frameName, intent: data.intent, outcome: data.outcome };
    message[TAG] = true;
    parent.postMessage(message, parentOrigin);
  });
})();
