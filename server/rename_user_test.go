package server

import (
	"strings"
	"testing"
	"time"
)

// TestRenameUser: RENAME USER moves an account to its new name with its
// password, grants and roles (the old name no longer logs in); a missing
// account or a taken new name is MySQL's 1396 naming them, with nothing
// renamed; a caller without CREATE USER gets 1227.
func TestRenameUser(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	s.guard.sleep = func(time.Duration) {}
	root := s.open(t, "root", "pw", "")
	defer root.Close()
	mustExec(t, root, "CREATE USER 'ren'@'%' IDENTIFIED BY 'r0'")
	mustExec(t, root, "CREATE USER 'other'@'%' IDENTIFIED BY 'o0'")
	mustExec(t, root, "CREATE ROLE 'reader'")
	mustExec(t, root, "GRANT SELECT ON mysql.* TO 'ren'@'%'")
	mustExec(t, root, "GRANT 'reader' TO 'ren'@'%'")

	mustExec(t, root, "RENAME USER 'ren'@'%' TO 'ren2'@'localhost', other TO other2")
	wantLoginErr(t, s, "ren", "r0", noTLS, 1045, "the old name after RENAME USER")
	wantLoginErr(t, s, "other", "o0", noTLS, 1045, "the second old name after RENAME USER")
	wantLogin(t, s, "other2", "o0", noTLS, "the second new name after RENAME USER")
	ren := s.open(t, "ren2", "r0", "")
	defer ren.Close()
	var grants []string
	rs, err := ren.Query("SHOW GRANTS")
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var g string
		if err := rs.Scan(&g); err != nil {
			t.Fatal(err)
		}
		grants = append(grants, g)
	}
	rs.Close()
	if got := strings.Join(grants, "; "); !strings.Contains(got, "GRANT SELECT ON `mysql`.* TO `ren2`@`localhost`") ||
		!strings.Contains(got, "GRANT `reader`@`%` TO `ren2`@`localhost`") {
		t.Errorf("SHOW GRANTS of the renamed account: %q, want its SELECT on mysql.* and its role", got)
	}
	_, err = ren.Exec("RENAME USER other2 TO o4")
	wantErrNum(t, err, 1227, "RENAME USER without CREATE USER")
	var n int
	if err := ren.QueryRow("SELECT COUNT(*) FROM mysql.user").Scan(&n); err != nil {
		t.Errorf("the renamed account reads mysql.user with its grant: %v", err)
	}

	for _, tc := range []struct {
		q    string
		want string
	}{
		{"RENAME USER ghost TO g2", "'ghost'@'%'"},
		{"RENAME USER other2 TO 'ren2'@'localhost'", "'other2'@'%'"},
		{"RENAME USER other2 TO o3, ghost TO g2", "'ghost'@'%'"},
	} {
		_, err := root.Exec(tc.q)
		if wantErrNum(t, err, 1396, tc.q); !strings.Contains(err.Error(), "Operation RENAME USER failed for "+tc.want) {
			t.Errorf("%s: %v, want it to name %s", tc.q, err, tc.want)
		}
	}
	wantLogin(t, s, "other2", "o0", noTLS, "an account of a failed RENAME USER")
	// Renames run in order: the second takes the name the first freed.
	mustExec(t, root, "RENAME USER other2 TO o3, 'ren2'@'localhost' TO other2")
	wantLogin(t, s, "o3", "o0", noTLS, "RENAME USER a TO b, c TO a: b")
	wantLogin(t, s, "other2", "r0", noTLS, "RENAME USER a TO b, c TO a: a")
}
