"""PyMySQL, SQLAlchemy and pandas against a server (run by TestClients).

usage: python3 pyclients.py HOST PORT USER PASSWORD
Prints one JSON object of what the clients saw; the Go test compares it
with values computed from the shop it loaded.
"""
import datetime
import json
import sys

import pandas
import pymysql
import sqlalchemy

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
out = {}

# PyMySQL: parameters are interpolated by the client, dates included.
conn = pymysql.connect(host=host, port=port, user=user, password=password, database="shop")
with conn.cursor() as cur:
    cur.execute("SELECT COUNT(*) FROM orders WHERE ordered_at >= %s", (datetime.date(2024, 3, 1),))
    out["orders_from_march"] = cur.fetchone()[0]
    cur.execute("SELECT signup_at, email_opt_in FROM customers WHERE customer_id = %s", (1,))
    signup, opt_in = cur.fetchone()
    out["signup_1"] = signup.isoformat(sep=" ")
    out["opt_in_1"] = opt_in
    try:
        cur.execute("SELECT * FROM no_such_table")
    except pymysql.err.ProgrammingError as e:
        out["missing_table_error"] = [type(e).__name__, e.args[0]]
    try:
        cur.execute("INSERT INTO customers (customer_id, signup_at) VALUES (1, '2024-01-01')")
    except pymysql.err.IntegrityError as e:
        out["duplicate_key_error"] = [type(e).__name__, e.args[0]]
conn.close()

# SQLAlchemy: reflection as ORMs and BI tools do it.
url = sqlalchemy.engine.URL.create("mysql+pymysql", username=user, password=password,
                                   host=host, port=port, database="shop")
engine = sqlalchemy.create_engine(url)
insp = sqlalchemy.inspect(engine)
out["tables"] = sorted(insp.get_table_names())
out["customer_columns"] = [[c["name"], str(c["type"]), c["nullable"]] for c in insp.get_columns("customers")]
out["customers_pk"] = insp.get_pk_constraint("customers")["constrained_columns"]
out["orders_pk"] = insp.get_pk_constraint("orders")["constrained_columns"]

# pandas: read_sql through SQLAlchemy.
df = pandas.read_sql(
    "SELECT country, COUNT(*) AS orders, SUM(amount) AS revenue "
    "FROM orders JOIN customers USING (customer_id) GROUP BY country ORDER BY country", engine)
out["revenue_by_country"] = {r.country: [int(r.orders), round(float(r.revenue) * 100)] for r in df.itertuples()}
df = pandas.read_sql("SELECT customer_id, signup_at FROM customers ORDER BY customer_id", engine)
out["signup_dtype"] = str(df["signup_at"].dtype)
engine.dispose()

json.dump(out, sys.stdout, sort_keys=True)
