package web

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// csrfOf reads the session's form token from a page.
func csrfOf(t *testing.T, c *http.Client, base string) string {
	t.Helper()
	_, page := get(t, c, base+"/data")
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no form token on the page")
	}
	return m[1]
}

func TestActions(t *testing.T) {
	ts, be := testSite(t)
	c := client(t, ts, "ana", "x")
	tok := csrfOf(t, c, ts.URL)
	for _, tc := range []struct {
		action string
		form   url.Values
		status int
		sql    string // the statement run; "" when none may run
		loc    string
	}{
		{"save_cell", url.Values{"segment": {"Top"}, "r": {"5"}, "fm": {"4"}}, http.StatusSeeOther,
			"CALL create_segment('top', 'SELECT customer_id FROM rfm() WHERE r = 5 AND (f + m + 1) DIV 2 = 4')", "/segments?a=Top&done=save_cell"},
		{"refresh_segment", url.Values{"segment": {"vip"}}, http.StatusSeeOther, "CALL refresh_segment('vip')", "/segments?a=vip&done=refresh_segment"},
		{"drop_segment", url.Values{"segment": {"vip"}}, http.StatusSeeOther, "CALL drop_segment('vip')", ""},
		{"control_group", url.Values{"segment": {"vip"}, "percent": {"12.5"}, "seed": {"7"}}, http.StatusSeeOther, "CALL create_control_group('vip', 12.5, 7)", ""},
		{"save_cell", url.Values{"segment": {"x'); DROP TABLE t; --"}, "r": {"5"}, "fm": {"4"}}, http.StatusBadRequest, "", ""},
		{"save_cell", url.Values{"segment": {"top"}, "r": {"6"}, "fm": {"4"}}, http.StatusBadRequest, "", ""},
		{"control_group", url.Values{"segment": {"vip"}}, http.StatusBadRequest, "", ""},
	} {
		before := len(be.ran())
		tc.form.Set("csrf", tok)
		resp := postForm(t, c, ts.URL+"/actions/"+tc.action, tc.form)
		ran := be.ran()[before:]
		if resp.StatusCode != tc.status {
			t.Errorf("%s %v: status %d, want %d", tc.action, tc.form, resp.StatusCode, tc.status)
		}
		if tc.sql == "" && len(ran) != 0 || tc.sql != "" && (len(ran) != 1 || ran[0] != tc.sql) {
			t.Errorf("%s %v ran %q, want %q", tc.action, tc.form, ran, tc.sql)
		}
		if tc.loc != "" && resp.Header.Get("Location") != tc.loc {
			t.Errorf("%s: redirect to %q, want %q", tc.action, resp.Header.Get("Location"), tc.loc)
		}
	}
	resp, page := get(t, c, ts.URL+"/segments?done=save_cell&a=Top")
	if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusSeeOther { // the page names its day
		_, page = get(t, c, ts.URL+loc)
	}
	if !strings.Contains(page, "Saved the cell&#39;s customers as segment Top.") {
		t.Error("no notice after saving a segment")
	}
}

func TestActionsNeedSessionAndToken(t *testing.T) {
	ts, be := testSite(t)
	form := url.Values{"segment": {"vip"}}
	if resp := postForm(t, client(t, ts, "", ""), ts.URL+"/actions/refresh_segment", form); resp.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("action without a session: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	c := client(t, ts, "ana", "x")
	if resp := postForm(t, c, ts.URL+"/actions/refresh_segment", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("action without the token: %d, want 403", resp.StatusCode)
	}
	form.Set("csrf", "forged")
	if resp := postForm(t, c, ts.URL+"/actions/refresh_segment", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("action with a forged token: %d, want 403", resp.StatusCode)
	}
	if n := len(be.ran()); n != 0 {
		t.Errorf("%d statements ran: %q", n, be.ran())
	}
}

func TestActionRefusedShowsMySQLError(t *testing.T) {
	ts, _ := testSite(t)
	c := client(t, ts, "bob", "y")
	tok := csrfOf(t, c, ts.URL)
	resp, err := c.PostForm(ts.URL+"/actions/drop_segment", url.Values{"segment": {"vip"}, "csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	buf := new(strings.Builder)
	_, _ = io.Copy(buf, resp.Body)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(buf.String(), "1142") {
		t.Errorf("refused action: %d; want 403 with the MySQL error", resp.StatusCode)
	}
}
