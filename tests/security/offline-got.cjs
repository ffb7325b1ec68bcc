// Stands in for `got` inside the Electronegativity process (see typescript-for-electronegativity.cjs): the tool
// fetches translations and Electron's release list from GitHub on every run. The scan must be offline and must
// only ever talk to loopback, so every request fails at once, as it would with no network; the tool already
// handles that (English texts, no release-based check).
function offline() {
  const error = new Error('offline: network disabled for the security scan');
  error.code = 'ENETUNREACH';
  return Promise.reject(error);
}
const got = () => offline();
for (const method of ['get', 'head', 'post', 'put', 'patch', 'delete', 'stream', 'paginate'])
  got[method] = offline;
got.extend = () => got;
got.default = got;
module.exports = got;
