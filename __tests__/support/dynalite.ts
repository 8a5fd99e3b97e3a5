export * from "../../local/stand-ins/dynalite";
