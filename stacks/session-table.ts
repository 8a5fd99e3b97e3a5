// The session table in the home region: on-demand, encrypted, point-in-time
// recovery, expired items removed by TTL, kept from `terraform destroy`, and
// replicated (global table, version 2019.11.21) to the regions whose edge
// locations should read sessions nearby.
import { Construct } from "constructs";
import { Fn, TerraformLocal } from "cdktf";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EXPIRY_ATTRIBUTE, TABLE_KEY } from "../functions/shared/session-record";

export interface SessionTableProps {
  /** Table name (the same in every replica region), from the naming helper. */
  name: string;
  homeRegion: string;
  /** Regions holding a replica; never the home region (the schema checks). */
  replicaRegions: readonly string[];
}

export class SessionTable extends Construct {
  readonly table: DynamodbTable;
  /** ARN of the table in the home region, then of each replica: what readers are allowed on. */
  readonly arns: readonly string[];
  readonly homeArn: string;

  constructor(scope: Construct, id: string, props: SessionTableProps) {
    super(scope, id);
    const { homeRegion, replicaRegions } = props;
    const replicated = replicaRegions.length > 0;

    this.table = new DynamodbTable(this, "table", {
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: TABLE_KEY,
      attribute: [{ name: TABLE_KEY, type: "S" }],
      // DynamoDB deletes expired items late (up to days): readers check the
      // expiry themselves, TTL only keeps the table small.
      ttl: { attributeName: EXPIRY_ATTRIBUTE, enabled: true },
      serverSideEncryption: { enabled: true },
      pointInTimeRecovery: { enabled: true },
      // Losing the table logs everyone out; a destroy must be deliberate.
      deletionProtectionEnabled: true,
      // Global tables replicate through the stream.
      streamEnabled: replicated ? true : undefined,
      streamViewType: replicated ? "NEW_AND_OLD_IMAGES" : undefined,
      replica: replicated
        ? replicaRegions.map((regionName) => ({
            regionName,
            pointInTimeRecovery: true,
            propagateTags: true,
          }))
        : undefined,
    });

    this.homeArn = this.table.arn;
    // A replica's ARN differs from the table's only in its region:
    // arn:<partition>:dynamodb:<region>:<account>:table/<name>. Each lives in
    // a local, so policy documents hold a plain reference, not a call with
    // quoted arguments that would break them as JSON text.
    this.arns = [
      this.homeArn,
      ...replicaRegions.map(
        (region) =>
          new TerraformLocal(
            this,
            `arn-${region}`,
            Fn.replace(this.table.arn, `:dynamodb:${homeRegion}:`, `:dynamodb:${region}:`),
          ).asString,
      ),
    ];
  }
}
