// node's mysql2 against a server (run by TestClients with NODE_PATH
// pointing at the mysql2 it installed, and TZ=UTC).
//
// usage: node mysql2.js HOST PORT USER PASSWORD
// Prints one JSON object of what the driver saw; the Go test compares it
// with values computed from the shop it loaded.
'use strict';
const mysql = require('mysql2/promise');
const callbackApi = require('mysql2');

async function main() {
  const [host, port, user, password] = process.argv.slice(2);
  const opts = { host, port: Number(port), user, password, database: 'shop', timezone: 'Z' };
  const out = {};
  const conn = await mysql.createConnection(opts);

  // execute: server-side prepared statements; Date parameters travel as
  // binary DATETIME values.
  let [rows] = await conn.execute('SELECT COUNT(*) AS n FROM orders WHERE ordered_at >= ?',
    [new Date(Date.UTC(2024, 2, 1))]);
  out.orders_from_march = Number(rows[0].n);
  [rows] = await conn.execute('SELECT recency_days FROM rfm(?) WHERE customer_id = ?',
    [new Date(Date.UTC(2024, 5, 30)), 11]);
  out.recency_11 = Number(rows[0].recency_days);
  [rows] = await conn.execute('SELECT CAST(? AS CHAR) AS d, signup_at FROM customers WHERE customer_id = ?',
    [new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), 1]);
  out.echo = rows[0].d;
  out.signup_1 = rows[0].signup_at.toISOString();
  await conn.end();

  // A streamed result: rows arrive as events, one at a time.
  out.streamed = await new Promise((resolve, reject) => {
    const c = callbackApi.createConnection(opts);
    let n = 0, cents = 0;
    c.query('SELECT order_id, amount FROM orders ORDER BY order_id').stream()
      .on('data', (r) => { n++; cents += Math.round(Number(r.amount) * 100); })
      .on('error', reject)
      .on('end', () => { c.end(); resolve([n, cents]); });
  });
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
