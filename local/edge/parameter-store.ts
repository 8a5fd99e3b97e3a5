// Where a regional function reads its config when the stack keeps it in SSM
// Parameter Store (EDGE_GATE_CONFIG_PARAMETER): GetParameter on 127.0.0.1,
// answering only the parameters the stack declares, with their values
// evaluated from cdk.tf.json (and adjusted like any other config).
import * as http from "node:http";
import { closeServer, listenOnLoopback, readBody } from "../loopback-server";

export class ParameterStore {
  private readonly values = new Map<string, string>();
  private readonly server = http.createServer((req, res) => this.answer(req, res));
  endpoint = "";

  async start(): Promise<void> {
    this.endpoint = `http://127.0.0.1:${await listenOnLoopback(this.server, 0)}/`;
  }

  set(name: string, value: string): void {
    this.values.set(name, value);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    };
    void readBody(req).then(
      (body) => {
        if (req.headers["x-amz-target"] !== "AmazonSSM.GetParameter") {
          return reply(400, { __type: "UnknownOperationException" });
        }
        let name: unknown;
        try {
          name = (JSON.parse(body.toString("utf8")) as { Name?: unknown }).Name;
        } catch {
          return reply(400, { __type: "SerializationException" });
        }
        const value = typeof name === "string" ? this.values.get(name) : undefined;
        if (value === undefined) return reply(400, { __type: "ParameterNotFound" });
        reply(200, { Parameter: { Name: name, Type: "String", Value: value, Version: 1 } });
      },
      () => res.destroy(),
    );
  }
}
