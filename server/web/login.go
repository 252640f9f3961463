package web

import (
	"net"
	"net/http"
	"strings"
)

// loginView is the data of the log-in template.
type loginView struct {
	Next  string
	User  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "login.html", loginView{Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the MySQL user and password through the Backend (the
// wire server's own account store and login guard) and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "cross-site log-in refused", http.StatusForbidden)
		return
	}
	user, pw := r.PostFormValue("user"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	acct, err := s.be.Login(r.Context(), user, pw, remoteAddr(r), r.TLS != nil)
	if err != nil {
		se := sqlError(err)
		s.log.Warn("insight pages: login failed", "remote", r.RemoteAddr, "user", user, "reason", se.Message)
		s.render(w, httpStatus(se), "login.html", loginView{Next: next, User: user, Error: se.Error()})
		return
	}
	tok, _ := s.sessions.create(acct)
	setCookie(w, r, tok, 0)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	sess, tok := s.sessionOf(r)
	if sess != nil && validCSRF(r, sess) {
		s.sessions.drop(tok)
	}
	setCookie(w, r, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// safeNext keeps a post-login target on this site: a path, never a URL
// of another host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/lifecycle"
	}
	return next
}

// remoteAddr is the browser's address as a net.Addr, for the account's
// host pattern and the failed-login delay (per client host, as for the
// MySQL port).
func remoteAddr(r *http.Request) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", r.RemoteAddr)
	if err != nil {
		return &net.TCPAddr{}
	}
	return a
}

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := s.tmpl.ExecuteTemplate(w, name, data); err != nil {
		s.log.Error("insight pages: render", "template", name, "err", err)
	}
}
