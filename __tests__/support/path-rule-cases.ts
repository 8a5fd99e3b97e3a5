// Path tricks every gate that applies the path rules must answer alike (the
// bearer-JWT gate and the session checker): requests for the caller's own
// folder in odd spellings, requests that end up in another user's folder,
// and paths two parsers could read differently. For rules with the user
// template "/users/{sub}/" and no public or group rule under /users/.

/** [uri as sent, uri forwarded to the origin]: the caller's own folder, however spelled. */
export function ownFolderCases(sub: string): [string, string][] {
  return [
    [`/users/${sub}/notes/2024.txt`, `/users/${sub}/notes/2024.txt`],
    [`/users/${sub}/`, `/users/${sub}/`],
    [`//users///${sub}//a.txt`, `/users/${sub}/a.txt`],
    [`/users/${sub}/a/%2e%2e/b.txt`, `/users/${sub}/b.txt`],
    [`/users/${sub}/./caf%C3%A9%20menu+v2.pdf`, `/users/${sub}/caf%C3%A9%20menu%2Bv2.pdf`],
    [`/users/${sub}/sub/..`, `/users/${sub}/`],
    [`/users/x/../${sub}/a.txt`, `/users/${sub}/a.txt`],
  ];
}

/** [what it tries, uri]: normalized, these name a folder that is not the caller's: 403. */
export function otherFolderCases(sub: string, other: string): [string, string][] {
  return [
    ["another user's folder", `/users/${other}/notes/2024.txt`],
    ["another user's folder with doubled slashes", `//users//${other}//x`],
    ["a climb out of the own folder", `/users/${sub}/../${other}/x`],
    ["an encoded climb (%2e%2e)", `/users/${sub}/%2e%2e/${other}/x`],
    ["an encoded climb in capitals (%2E%2E)", `/users/${sub}/%2E%2E/${other}/x`],
    ["the users folder itself", "/users/"],
    ["the own folder's name as an exact path", `/users/${sub}`],
    ["a folder whose name only starts with the sub", `/users/${sub}-x/a.txt`],
    ["the rule's folder in other letter case", `/Users/${sub}/a.txt`],
    ["the sub in other letter case", `/users/${sub.toUpperCase()}/a.txt`],
  ];
}

/** [what it tries, uri]: refused with 400 invalid_path before any rule is applied. */
export function invalidPathCases(sub: string, other: string): [string, string][] {
  return [
    ["an encoded slash", `/users/${sub}%2F..%2F${other}/x`],
    ["an encoded slash after dots", `/users/${sub}/..%2f${other}/x`],
    ["an encoded backslash", `/users/${sub}/..%5C${other}/x`],
    ["a backslash", `/users/${sub}/..\\${other}/x`],
    ["double encoding", `/users/${sub}/%252e%252e/${other}/x`],
    ["an overlong UTF-8 dot", `/users/${sub}/%c0%ae%c0%ae/x`],
    ["invalid UTF-8", `/users/${sub}/%ff.txt`],
    ["a malformed escape", `/users/${sub}/%zz`],
    ["an encoded NUL", `/users/${sub}/a%00.txt`],
    ["encoded CR LF", `/users/${sub}/a%0d%0a.txt`],
    ["a raw control character", `/users/${sub}/a\u0001.txt`],
    ["a climb above the root", "/.."],
    ["an encoded climb above the root", `/%2e%2e/users/${other}/x`],
    ["a relative uri", `users/${sub}/x`],
  ];
}
