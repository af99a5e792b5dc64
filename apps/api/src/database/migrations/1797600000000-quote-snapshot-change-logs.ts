import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change logs the per-replica free-capacity snapshot reads to stay exact: which listings' free days (capacity's
 * slots and listings), which listings' held units and which firms' delivery records (matching's proposals and their
 * days), and which firms' group memberships (groups' members and groups) changed, stamped with the writing
 * transaction's id. A reader remembers the oldest transaction still running when it last looked
 * (`pg_snapshot_xmin`) and next asks for every entry from that id on, so a change that commits late is never
 * skipped. Statement-level triggers: one log row per listing or firm a statement touched, not per row. Capacity and
 * groups publish theirs to matching as STABLE functions, so one statement (one snapshot) reads all three logs.
 */
const EVENTS = [
  ['INSERT', 'NEW'],
  ['UPDATE', 'NEW'],
  ['DELETE', 'OLD'],
] as const;

/** Statement-level triggers on every write to `table`, each handing `fn` the rows it touched as `changed_rows`. */
async function logChangesOf(queryRunner: QueryRunner, table: string, fn: string): Promise<void> {
  for (const [event, transition] of EVENTS) {
    await queryRunner.query(
      `CREATE TRIGGER ${table}_log_${event.toLowerCase()} AFTER ${event} ON ${table}
         REFERENCING ${transition} TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  }
}

export class QuoteSnapshotChangeLogs1797600000000 implements MigrationInterface {
  name = 'QuoteSnapshotChangeLogs1797600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE capacity_changes (
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        listing_id uuid NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX capacity_changes_xid_idx ON capacity_changes (xid)`);
    await queryRunner.query(`CREATE INDEX capacity_changes_changed_at_idx ON capacity_changes (changed_at)`);
    await queryRunner.query(`
      CREATE FUNCTION capacity_slots_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO capacity_changes (listing_id) SELECT DISTINCT listing_id FROM changed_rows;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION capacity_listings_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO capacity_changes (listing_id) SELECT DISTINCT id FROM changed_rows;
        RETURN NULL;
      END $$`);
    await logChangesOf(queryRunner, 'capacity_slots', 'capacity_slots_log_change');
    await logChangesOf(queryRunner, 'capacity_listings', 'capacity_listings_log_change');

    await queryRunner.query(`
      CREATE FUNCTION capacity_listings_changed_since(horizon text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT ARRAY(SELECT DISTINCT listing_id FROM capacity_changes WHERE xid >= horizon::xid8)
      $$`);

    await queryRunner.query(`
      CREATE TABLE group_membership_changes (
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        firm_id uuid NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX group_membership_changes_xid_idx ON group_membership_changes (xid)`);
    await queryRunner.query(
      `CREATE INDEX group_membership_changes_changed_at_idx ON group_membership_changes (changed_at)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION group_members_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO group_membership_changes (firm_id) SELECT DISTINCT firm_id FROM changed_rows;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION virtual_groups_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO group_membership_changes (firm_id)
          SELECT DISTINCT m.firm_id FROM changed_rows g JOIN group_members m ON m.group_id = g.id;
        RETURN NULL;
      END $$`);
    await logChangesOf(queryRunner, 'group_members', 'group_members_log_change');
    await logChangesOf(queryRunner, 'virtual_groups', 'virtual_groups_log_change');
    await queryRunner.query(`
      CREATE FUNCTION group_firms_changed_since(horizon text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT ARRAY(SELECT DISTINCT firm_id FROM group_membership_changes WHERE xid >= horizon::xid8)
      $$`);

    await queryRunner.query(`
      CREATE TABLE proposal_hold_changes (
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        listing_id uuid NOT NULL,
        firm_id uuid NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX proposal_hold_changes_xid_idx ON proposal_hold_changes (xid)`);
    await queryRunner.query(`CREATE INDEX proposal_hold_changes_changed_at_idx ON proposal_hold_changes (changed_at)`);
    await queryRunner.query(`
      CREATE FUNCTION proposals_log_hold_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO proposal_hold_changes (listing_id, firm_id) SELECT DISTINCT listing_id, firm_id FROM changed_rows;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION proposal_days_log_hold_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO proposal_hold_changes (listing_id, firm_id)
          SELECT DISTINCT p.listing_id, p.firm_id FROM changed_rows c JOIN proposals p ON p.id = c.proposal_id;
        RETURN NULL;
      END $$`);
    await logChangesOf(queryRunner, 'proposals', 'proposals_log_hold_change');
    await logChangesOf(queryRunner, 'proposal_days', 'proposal_days_log_hold_change');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'capacity_slots',
      'capacity_listings',
      'proposals',
      'proposal_days',
      'group_members',
      'virtual_groups',
    ]) {
      for (const [event] of EVENTS) {
        await queryRunner.query(`DROP TRIGGER ${table}_log_${event.toLowerCase()} ON ${table}`);
      }
    }
    await queryRunner.query(`DROP FUNCTION proposal_days_log_hold_change()`);
    await queryRunner.query(`DROP FUNCTION proposals_log_hold_change()`);
    await queryRunner.query(`DROP TABLE proposal_hold_changes`);
    await queryRunner.query(`DROP FUNCTION group_firms_changed_since(text)`);
    await queryRunner.query(`DROP FUNCTION virtual_groups_log_change()`);
    await queryRunner.query(`DROP FUNCTION group_members_log_change()`);
    await queryRunner.query(`DROP TABLE group_membership_changes`);
    await queryRunner.query(`DROP FUNCTION capacity_listings_changed_since(text)`);
    await queryRunner.query(`DROP FUNCTION capacity_listings_log_change()`);
    await queryRunner.query(`DROP FUNCTION capacity_slots_log_change()`);
    await queryRunner.query(`DROP TABLE capacity_changes`);
  }
}
