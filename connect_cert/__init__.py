"""connect-cert: certify a payments integration on the Cariqa Connect API.

One import namespace over the repository's top-level folders (see setup.py):
`connect_cert.harness` (harness/), `connect_cert.sandbox` (sandbox/), `connect_cert.contracts`
(contracts/), `connect_cert.fixtures` (fixtures/), `connect_cert.suites` (suites/) and
`connect_cert.devices` (devices/).
"""

__version__ = "0.2.0"
