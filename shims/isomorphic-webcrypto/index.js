// fhirclient calls `crypto.ensureSecure()` (an isomorphic-webcrypto extension) and then uses the standard
// WebCrypto API; both browsers and Node >= 22 expose that API as globalThis.crypto.
const webcrypto = globalThis.crypto;
const shim = Object.create(webcrypto);
shim.ensureSecure = () => Promise.resolve();
shim.getRandomValues = (array) => webcrypto.getRandomValues(array);
Object.defineProperty(shim, "subtle", { get: () => webcrypto.subtle });
module.exports = shim;
module.exports.default = shim;
