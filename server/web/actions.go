package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/dolthub/vitess/go/mysql"
)

// The only writes the pages make: saving a segment, refreshing or
// dropping one, and creating its control group. Each is a POST carrying
// the session's token, runs one CALL of cohortdb's segment procedures as
// the logged-in account (the engine checks the privileges: SELECT,
// INSERT and DELETE on segments, and what the segment's query reads,
// see docs/security.md), then redirects back to the Segments page. A
// saved segment's query is built here from validated parameters (an eRFM
// cell); no SQL text comes from the browser.

// action is one POST /actions/<name>.
type action struct {
	name   string
	params []param
	sql    func(a args) string
}

var segmentParam = param{name: "segment", kind: kindName, doc: "segment"}

var actions = []*action{
	// The cell as of the latest order day at each refresh: the segment
	// follows the customers as they move between cells.
	{name: "save_cell", params: []param{segmentParam,
		{name: "r", kind: kindInt, min: 1, max: 5}, {name: "fm", kind: kindInt, min: 1, max: 5}},
		sql: func(a args) string {
			q := "SELECT customer_id FROM rfm() WHERE r = " + a.num("r") + " AND (f + m + 1) DIV 2 = " + a.num("fm")
			return "CALL create_segment(" + a.str("segment") + ", '" + strings.ReplaceAll(q, "'", "''") + "')"
		}},
	{name: "refresh_segment", params: []param{segmentParam},
		sql: func(a args) string { return "CALL refresh_segment(" + a.str("segment") + ")" }},
	{name: "drop_segment", params: []param{segmentParam},
		sql: func(a args) string { return "CALL drop_segment(" + a.str("segment") + ")" }},
	{name: "control_group", params: []param{segmentParam,
		{name: "percent", kind: kindFloat, min: 0, max: 100}, {name: "seed", kind: kindInt, def: "0", min: 0, max: 1 << 53}},
		sql: func(a args) string {
			return "CALL create_control_group(" + a.str("segment") + ", " + a.num("percent") + ", " + a.num("seed") + ")"
		}},
}

// actionView is the data of the action-error template.
type actionView struct {
	Action, Error string
}

// serveAction runs one action and redirects to the Segments page, or
// shows why it was refused.
func (s *Server) serveAction(w http.ResponseWriter, r *http.Request, sess *session) {
	if !sameOrigin(r) || !validCSRF(r, sess) {
		http.Error(w, "this form is not from this page: reload the page and try again", http.StatusForbidden)
		return
	}
	var act *action
	for _, a := range actions {
		if a.name == r.PathValue("name") {
			act = a
		}
	}
	if act == nil {
		http.NotFound(w, r)
		return
	}
	se := s.runAction(r, sess, act)
	if se != nil {
		s.render(w, httpStatus(se), "action.html", actionView{Action: act.name, Error: se.Error()})
		return
	}
	q := url.Values{"done": {act.name}, "a": {r.PostFormValue("segment")}}
	http.Redirect(w, r, "/segments?"+q.Encode(), http.StatusSeeOther)
}

func (s *Server) runAction(r *http.Request, sess *session, act *action) *mysql.SQLError {
	if err := r.ParseForm(); err != nil {
		return mysql.NewSQLError(1210, "HY000", "%s", err.Error())
	}
	a, err := parseArgs(act.params, r.PostForm)
	if err != nil {
		return mysql.NewSQLError(1210, "HY000", "%s", err.Error())
	}
	for _, p := range act.params {
		if _, ok := a[p.name]; !ok {
			return mysql.NewSQLError(1210, "HY000", "%s: %s is required", act.name, p.name)
		}
	}
	if _, err := s.be.Query(r.Context(), sess.acct, act.sql(a)); err != nil {
		return sqlError(err)
	}
	return nil
}

// notices are the messages shown after an action, by action name.
var notices = map[string]string{
	"save_cell":       "Saved the cell's customers as segment %s.",
	"refresh_segment": "Refreshed segment %s.",
	"drop_segment":    "Dropped segment %s.",
	"control_group":   "Created the control group of segment %s.",
}
