package engine

import "testing"

func TestSplitDefiner(t *testing.T) {
	for in, want := range map[string][2]string{
		"`ana`@`%`":          {"ana", "%"},
		"'root'@'localhost'": {"root", "localhost"},
		"bob@127.0.0.1":      {"bob", "127.0.0.1"},
	} {
		u, h := splitDefiner(in)
		if u != want[0] || h != want[1] {
			t.Errorf("splitDefiner(%q) = %q, %q; want %q, %q", in, u, h, want[0], want[1])
		}
	}
}

func TestEventNameOf(t *testing.T) {
	for stmt, want := range map[string]string{
		"CREATE DEFINER = `root`@`localhost` EVENT `nightly` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO CALL refresh_segment('vip')": "nightly",
		"CREATE EVENT `Mixed_Case` ON SCHEDULE AT '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO SELECT 1":                                                              "Mixed_Case",
		// an unparsable body still names its event
		"CREATE EVENT `broken` ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE COMMENT 'it's' DO SELECT 1": "broken",
	} {
		if got := eventNameOf(stmt); got != want {
			t.Errorf("eventNameOf(%q) = %q, want %q", stmt, got, want)
		}
	}
}

func TestParseSchedulerStatus(t *testing.T) {
	for in, want := range map[string]string{"on": "ON", "1": "ON", "OFF": "OFF", "0": "OFF", "disabled": "DISABLED", "maybe": ""} {
		got, err := ParseSchedulerStatus(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("ParseSchedulerStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
