// The stand-in's HTML: the hosted UI's sign-in form and its error pages,
// with every value escaped.

function escape(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

export function details(out) {
  return Object.entries(out)
    .map(([key, value]) => `<p><strong>${escape(key)}</strong>: ${escape(value)}</p>`)
    .join("");
}

export function page(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`;
}

export function signInPage(uid, error) {
  const action = `/login/${uid}`;
  return page(
    "Signin",
    `<h1>Sign in with your username and password</h1>
${error ? `<p id="loginErrorMessage" class="error">${escape(error)}</p>` : ""}
<form name="signin" method="post" action="${escape(action)}">
<label>Username <input name="username" type="text" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<input name="signInSubmitButton" type="submit" value="Sign in">
</form>
<form name="cancel" method="post" action="${escape(`${action}/cancel`)}">
<input type="submit" value="Cancel">
</form>`,
  );
}
