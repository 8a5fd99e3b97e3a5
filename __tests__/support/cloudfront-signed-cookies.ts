export * from "../../local/edge/cloudfront-signed-cookies";
