// MariaDB Connector/J against a server (compiled and run by TestClients).
//
// usage: java -cp mariadb-java-client.jar:. ClientProbe HOST PORT USER PASSWORD
// Prints key=value lines of what the driver saw; the Go test compares
// them with values computed from the shop it loaded.

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

public class ClientProbe {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:mariadb://" + args[0] + ":" + args[1] + "/shop?useServerPrepStmts=true";
        try (Connection c = DriverManager.getConnection(url, args[2], args[3])) {
            metadata(c);
            prepared(c);
            errors(c);
        }
    }

    // metadata: DatabaseMetaData as Metabase and DBeaver use it.
    static void metadata(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables("shop", null, "%", new String[] {"TABLE"})) {
            while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
        }
        System.out.println("tables=" + String.join(",", tables));
        try (ResultSet rs = md.getColumns("shop", null, "customers", "%")) {
            while (rs.next()) {
                System.out.println("column." + rs.getString("COLUMN_NAME") + "=" + rs.getString("TYPE_NAME")
                    + "," + rs.getInt("COLUMN_SIZE") + "," + rs.getString("IS_NULLABLE"));
            }
        }
        try (ResultSet rs = md.getPrimaryKeys("shop", null, "customers")) {
            while (rs.next()) System.out.println("pk.customers=" + rs.getString("COLUMN_NAME"));
        }
    }

    // prepared: server-side prepared statements with DATE and DATETIME
    // parameters, into a WHERE clause, a table function and back out.
    static void prepared(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM orders WHERE ordered_at >= ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.valueOf("2024-03-01 00:00:00"));
            System.out.println("orders_from_march=" + one(ps));
            ps.setDate(1, java.sql.Date.valueOf("2024-04-01"));
            System.out.println("orders_from_april=" + one(ps));
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT recency_days FROM rfm(?) WHERE customer_id = ?")) {
            ps.setDate(1, java.sql.Date.valueOf("2024-06-30"));
            ps.setLong(2, 11);
            System.out.println("recency_11=" + one(ps));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?, ?")) {
            ps.setDate(1, java.sql.Date.valueOf("2026-01-02"));
            ps.setTimestamp(2, java.sql.Timestamp.valueOf("2026-01-02 03:04:05.5"));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.println("echo_date=" + rs.getDate(1));
                System.out.println("echo_datetime=" + rs.getTimestamp(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT email_opt_in, signup_at FROM customers WHERE customer_id = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                System.out.println("opt_in_class=" + rs.getObject(1).getClass().getSimpleName());
                System.out.println("signup_1=" + rs.getTimestamp(2));
            }
        }
    }

    // errors: the exception classes Connector/J picks from SQLSTATE.
    static void errors(Connection c) {
        String[][] cases = {
            {"missing_table", "SELECT * FROM no_such_table"},
            {"duplicate_key", "INSERT INTO customers (customer_id, signup_at) VALUES (1, '2024-01-01')"},
        };
        for (String[] k : cases) {
            try (Statement st = c.createStatement()) {
                st.execute(k[1]);
                System.out.println("error." + k[0] + "=none");
            } catch (SQLException e) {
                System.out.println("error." + k[0] + "=" + e.getClass().getSimpleName() + "," + e.getSQLState()
                    + "," + e.getErrorCode());
            }
        }
    }

    static String one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
