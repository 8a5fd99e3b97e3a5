export * from "../../local/stand-ins/secrets-manager-stand-in";
