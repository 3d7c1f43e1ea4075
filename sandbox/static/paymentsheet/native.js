/*
 * The stand-in's elements as a native driver reports them: an XCUITest page source
 * (<AppiumAUT><XCUIElementTypeApplication …>) on iOS, a UiAutomator2 one (<hierarchy> of class-named nodes)
 * on Android. Only elements carrying `data-type` are native nodes; the others are layout and are skipped.
 *
 *   data-type   XCUIElementType… (iOS) or the Android class (android.widget.Button, …)
 *   data-name   iOS: the accessibility identifier (name); without it the name is the label
 *   data-label  iOS: the label; without it, the element's own text
 *   data-text   Android: the text; without it an input's value, else the element's own text
 *   data-rid    Android: resource-id ("{package}" is the app's package)
 *   data-desc   Android: content-desc
 *   data-pkg    Android: the package the node belongs to (another app's sheet); default the app's
 *   data-field  a text field: its value (its <input>'s) is its text, as a driver reports what was typed
 * A node with native children has no text of its own unless it says so, as containers in both drivers.
 *
 * Each node carries `standin-id`, the index of its element in what `source()` answers (a text field's
 * <input>), so the harness can evaluate any native locator over the XML in Python and act on the matching
 * DOM elements.
 */
(function () {
  "use strict";

  var IOS = /\/paymentsheet\/ios\//.test(location.pathname);

  function escape(value) {
    return String(value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&apos;");
  }

  function shown(el) {
    if (!el.isConnected || el.closest("[hidden]")) {
      return false;
    }
    if (!el.getClientRects().length) {
      return false;
    }
    return getComputedStyle(el).visibility !== "hidden";
  }

  function enabled(el) {
    return !(el.disabled || el.getAttribute("aria-disabled") === "true");
  }

  function fieldOf(el) {
    if (el.matches("input, textarea")) {
      return el;
    }
    return el.hasAttribute("data-field") ? el.querySelector("input, textarea") : null;
  }

  function ownText(el) {
    var field = fieldOf(el);
    if (field) {
      return field.type === "password" ? field.value.replace(/./g, "•") : field.value;
    }
    if (nativeChildren(el).length) {
      return "";
    }
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  function iosAttributes(el) {
    var label = el.hasAttribute("data-label") ? el.getAttribute("data-label") : ownText(el);
    var field = fieldOf(el);
    var box = el.getBoundingClientRect();
    var attrs = {
      type: el.getAttribute("data-type"),
      name: el.getAttribute("data-name") || label,
      label: label
    };
    if (field) {
      attrs.value = ownText(el);
      if (field.placeholder) {
        attrs.placeholderValue = field.placeholder;
      }
    } else if (el.hasAttribute("data-value")) {
      attrs.value = el.getAttribute("data-value");
    }
    attrs.enabled = String(enabled(el));
    attrs.visible = String(shown(el));
    attrs.accessible = String(!!(label || field));
    attrs.x = String(Math.round(box.left));
    attrs.y = String(Math.round(box.top));
    attrs.width = String(Math.round(box.width));
    attrs.height = String(Math.round(box.height));
    return attrs;
  }

  function androidAttributes(el, appPackage) {
    var field = fieldOf(el);
    var box = el.getBoundingClientRect();
    var scale = window.devicePixelRatio || 1;
    var text = el.hasAttribute("data-text") && !field ? el.getAttribute("data-text") : ownText(el);
    var clickable = el.matches("button, [data-clickable]") || !!field;
    var bounds = "[" + Math.round(box.left * scale) + "," + Math.round(box.top * scale) + "][" +
      Math.round(box.right * scale) + "," + Math.round(box.bottom * scale) + "]";
    return {
      "package": el.getAttribute("data-pkg") || appPackage,
      "class": el.getAttribute("data-type"),
      text: text,
      "resource-id": (el.getAttribute("data-rid") || "").replace("{package}", appPackage),
      "content-desc": el.getAttribute("data-desc") || "",
      checkable: "false",
      checked: "false",
      clickable: String(clickable),
      enabled: String(enabled(el)),
      focusable: String(clickable),
      focused: String(!!field && document.activeElement === field),
      "long-clickable": "false",
      password: String(!!field && field.type === "password"),
      scrollable: "false",
      selected: "false",
      bounds: bounds,
      displayed: String(shown(el))
    };
  }

  function attributesOf(el, appPackage) {
    return IOS ? iosAttributes(el) : androidAttributes(el, appPackage);
  }

  function nativeChildren(el) {
    var found = [];
    Array.prototype.forEach.call(el.children, function (child) {
      if (child.hasAttribute("data-type")) {
        found.push(child);
      } else {
        found.push.apply(found, nativeChildren(child));
      }
    });
    return found;
  }

  function render(el, index, elements, appPackage, out, depth) {
    var attrs = attributesOf(el, appPackage);
    var tag = el.getAttribute("data-type");
    var pairs = ['index="' + index + '"'];
    Object.keys(attrs).forEach(function (key) {
      pairs.push(key + '="' + escape(attrs[key]) + '"');
    });
    pairs.push('standin-id="' + elements.length + '"');
    elements.push(fieldOf(el) || el); // a text field's own input: what a tap focuses and typing fills
    var children = nativeChildren(el);
    var pad = new Array(depth + 1).join("  ");
    if (!children.length) {
      out.push(pad + "<" + tag + " " + pairs.join(" ") + "/>");
      return;
    }
    out.push(pad + "<" + tag + " " + pairs.join(" ") + ">");
    children.forEach(function (child, i) { render(child, i, elements, appPackage, out, depth + 1); });
    out.push(pad + "</" + tag + ">");
  }

  /* The page source and the element of every node (node `standin-id="n"` is elements[n]). */
  function source() {
    var app = document.getElementById("device");
    var appPackage = app.getAttribute("data-package");
    var elements = [];
    var out = [];
    var width = Math.round(window.innerWidth);
    var height = Math.round(window.innerHeight);
    var roots = nativeChildren(app);
    if (IOS) {
      var name = escape(app.getAttribute("data-app-name"));
      out.push('<?xml version="1.0" encoding="UTF-8"?>');
      out.push("<AppiumAUT>");
      out.push('<XCUIElementTypeApplication type="XCUIElementTypeApplication" name="' + name + '" label="' + name +
        '" enabled="true" visible="true" accessible="false" x="0" y="0" width="' + width + '" height="' + height +
        '" index="0">');
      roots.forEach(function (child, i) { render(child, i, elements, appPackage, out, 1); });
      out.push("</XCUIElementTypeApplication>");
      out.push("</AppiumAUT>");
    } else {
      var scale = window.devicePixelRatio || 1;
      out.push("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>");
      out.push('<hierarchy index="0" class="hierarchy" rotation="0" width="' + Math.round(width * scale) +
        '" height="' + Math.round(height * scale) + '">');
      roots.forEach(function (child, i) { render(child, i, elements, appPackage, out, 1); });
      out.push("</hierarchy>");
    }
    return [out.join("\n"), elements];
  }

  /* One node's attributes now (what a driver answers for getAttribute, text, displayed, enabled). */
  function attributes(el) {
    var app = document.getElementById("device");
    return attributesOf(el, app.getAttribute("data-package"));
  }

  window.nativeTree = { source: source, attributes: attributes, platform: IOS ? "ios" : "android" };
})();
