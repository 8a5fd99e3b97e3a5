export * from "../../../local/stand-ins/cognito-stand-in";
