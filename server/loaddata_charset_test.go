package server

import "testing"

// TestLoadDataCharset: the CHARACTER SET clause mysqlimport sends after
// the table (in its versioned comment, as it sends it) is recognised and
// cut out, the rest of the statement kept; other character sets are not.
func TestLoadDataCharset(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"LOAD DATA LOCAL INFILE '/tmp/d/orders.txt' INTO TABLE `orders` /*!50138 CHARACTER SET binary */",
			"LOAD DATA LOCAL INFILE '/tmp/d/orders.txt' INTO TABLE `orders`"},
		{"LOAD DATA INFILE 'x.txt' REPLACE INTO TABLE t CHARACTER SET utf8mb4 FIELDS TERMINATED BY ','",
			"LOAD DATA INFILE 'x.txt' REPLACE INTO TABLE t FIELDS TERMINATED BY ','"},
		{"LOAD DATA INFILE 'x.txt' INTO TABLE t CHARACTER SET latin1", ""},
		{"LOAD DATA INFILE 'x.txt' INTO TABLE t", ""},
	} {
		m := loadDataCharset.FindStringSubmatch(c.q)
		got := ""
		if m != nil {
			got = m[1] + m[2]
		}
		if got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.q, got, c.want)
		}
	}
}
