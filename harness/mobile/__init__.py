"""The device suite's harness: Appium sessions per matrix entry, the PaymentSheet stand-in, partner apps, flows."""
