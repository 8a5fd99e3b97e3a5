export * from "../../local/edge/jsonencode";
