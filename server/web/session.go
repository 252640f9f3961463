package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

// Sessions live in memory only: a restart logs everyone out. The cookie
// holds a random token and nothing else; the account it stands for stays
// on the server.
const (
	cookieName = "cohortdb_session"
	// sessionIdle is how long a session lasts without a request.
	sessionIdle = 8 * time.Hour
	// maxSessions bounds memory; the oldest sessions go first.
	maxSessions = 10000
)

// session is one logged-in browser.
type session struct {
	acct    Account
	csrf    string // token every POST form must echo
	expires time.Time
}

// sessionStore maps cookie tokens to sessions.
//
// Invariant (under mu): every session in m expires after now-sessionIdle
// was last checked; expired ones are removed when met.
type sessionStore struct {
	mu  sync.Mutex
	m   map[string]*session
	now func() time.Time
}

func newSessionStore() *sessionStore {
	return &sessionStore{m: map[string]*session{}, now: time.Now}
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// create starts a session for acct and returns its token.
func (st *sessionStore) create(acct Account) (string, *session) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.m) >= maxSessions {
		st.evictLocked()
	}
	tok := randomToken()
	s := &session{acct: acct, csrf: randomToken(), expires: st.now().Add(sessionIdle)}
	st.m[tok] = s
	return tok, s
}

// get returns the live session of tok, extending it, or nil.
func (st *sessionStore) get(tok string) *session {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := st.m[tok]
	if s == nil {
		return nil
	}
	now := st.now()
	if now.After(s.expires) {
		delete(st.m, tok)
		return nil
	}
	s.expires = now.Add(sessionIdle)
	return s
}

func (st *sessionStore) drop(tok string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.m, tok)
}

// evictLocked removes expired sessions, then the one expiring first.
func (st *sessionStore) evictLocked() {
	now := st.now()
	var oldest string
	for tok, s := range st.m {
		if now.After(s.expires) {
			delete(st.m, tok)
		} else if oldest == "" || s.expires.Before(st.m[oldest].expires) {
			oldest = tok
		}
	}
	if len(st.m) >= maxSessions && oldest != "" {
		delete(st.m, oldest)
	}
}

// setCookie sends the session cookie: HttpOnly (scripts cannot read
// it), SameSite=Strict (other sites cannot make the browser send it),
// Secure over TLS.
func setCookie(w http.ResponseWriter, r *http.Request, tok string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: tok, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
}

// sessionOf returns the request's session and its token, or nil.
func (s *Server) sessionOf(r *http.Request) (*session, string) {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil, ""
	}
	return s.sessions.get(c.Value), c.Value
}

// validCSRF reports whether the form of r carries sess's token.
func validCSRF(r *http.Request, sess *session) bool {
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(sess.csrf)) == 1
}

// sameOrigin rejects cross-site form posts: a browser sends Origin with
// every POST; when it names another host the post came from another site.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" || o == "null" {
		return o == "" // no Origin: not a browser form post from another site
	}
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	return o == scheme+r.Host
}
