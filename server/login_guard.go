package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/vitess/go/mysql"
)

// MySQL error codes of logins refused before the password is looked at.
const (
	erSecureTransportRequired = 3159 // ER_SECURE_TRANSPORT_REQUIRED
	erAccountBlocked          = 3955 // ER_USER_ACCESS_DENIED_FOR_USER_ACCOUNT_BLOCKED_BY_PASSWORD_LOCK
	erAccountLocked           = 3118 // ER_ACCOUNT_HAS_BEEN_LOCKED (ACCOUNT LOCK)
)

// Defaults of the failed-login delay: the first freeFailures consecutive
// failures from a client host cost nothing (typos), each later attempt
// from that host waits baseDelay, doubling per failure up to maxDelay,
// and attempts from one host queue behind each other, so parallel
// connections do not multiply the rate. An attempt that would wait more
// than maxQueue is refused at once. A host's count is forgotten after a
// successful login from it or forgetAfter without failures.
const (
	defaultFreeFailures = 3
	defaultBaseDelay    = 250 * time.Millisecond
	defaultMaxDelay     = 4 * time.Second
	defaultMaxQueue     = 20 * time.Second
	forgetAfter         = 15 * time.Minute
	maxTrackedHosts     = 4096
)

// loginGuard enforces, at every login: require_secure_transport; the
// failed-login delay per client host; and MySQL's per-account
// FAILED_LOGIN_ATTEMPTS n PASSWORD_LOCK_TIME d (the account is locked for
// d days, or until ACCOUNT UNLOCK when d is UNBOUNDED, after n
// consecutive wrong passwords; error 3955 while locked). As in MySQL the
// counts live in memory: a restart forgets them.
//
// Invariants (under mu): every hostFailures in hosts has n > 0; an
// account in accounts has n > 0 or a lock.
type loginGuard struct {
	db    *mysql_db.MySQLDb
	now   func() time.Time
	sleep func(time.Duration)

	freeFailures int
	baseDelay    time.Duration
	maxDelay     time.Duration
	maxQueue     time.Duration

	mu       sync.Mutex
	hosts    map[string]*hostFailures
	accounts map[string]*accountFailures
}

type hostFailures struct {
	n    int       // consecutive failed logins
	last time.Time // of the last failure
	next time.Time // earliest start of the next attempt
}

type accountFailures struct {
	n           int
	lockedUntil time.Time // zero: not locked
	forever     bool      // locked until ACCOUNT UNLOCK
	lockDays    int       // as configured when the lock started
}

func newLoginGuard(db *mysql_db.MySQLDb) *loginGuard {
	return &loginGuard{
		db: db, now: time.Now, sleep: time.Sleep,
		freeFailures: defaultFreeFailures, baseDelay: defaultBaseDelay,
		maxDelay: defaultMaxDelay, maxQueue: defaultMaxQueue,
		hosts: map[string]*hostFailures{}, accounts: map[string]*accountFailures{},
	}
}

// guardedMethod runs every login of an auth method through a loginGuard.
type guardedMethod struct {
	mysql.AuthMethod
	g *loginGuard
}

// HandleAuthPluginData implements mysql.AuthMethod.
func (m guardedMethod) HandleAuthPluginData(c *mysql.Conn, user string, serverData, clientData []byte, addr net.Addr) (mysql.Getter, error) {
	if sysvarOn("require_secure_transport") && !c.TLSEnabled() && !c.IsUnixSocket() {
		return nil, mysql.NewSQLError(erSecureTransportRequired, "HY000",
			"Connections using insecure transport are prohibited while --require_secure_transport=ON.")
	}
	host := hostOf(addr)
	if err := m.g.wait(host); err != nil {
		return nil, err
	}
	acct := lookupAccount(m.g.db, user, addr)
	if acct != nil && acct.Locked {
		return nil, mysql.NewSQLError(erAccountLocked, "HY000",
			"Access denied for user '%s'@'%s'. Account is locked.", user, host)
	}
	pol := policyOf(acct)
	if err := m.g.checkLocked(acct, pol, host); err != nil {
		return nil, err
	}
	res, err := m.AuthMethod.HandleAuthPluginData(c, user, serverData, clientData, addr)
	var se *mysql.SQLError
	switch {
	case err == nil:
		m.g.succeeded(host, acct)
		if err := adminSlotRefusal(c.Conn, acct); err != nil {
			return nil, err
		}
	case errors.As(err, &se) && se.Number() == mysql.ERAccessDeniedError:
		return nil, m.g.failed(host, acct, pol, err)
	}
	return res, err
}

// wait applies the failed-login delay of host: it reserves the host's
// next attempt slot and sleeps until it.
func (g *loginGuard) wait(host string) error {
	g.mu.Lock()
	h := g.hosts[host]
	now := g.now()
	if h != nil && now.Sub(h.last) > forgetAfter {
		delete(g.hosts, host)
		h = nil
	}
	if h == nil || h.n < g.freeFailures {
		g.mu.Unlock()
		return nil
	}
	d := min(g.baseDelay<<min(h.n-g.freeFailures, 16), g.maxDelay)
	start := now
	if h.next.After(now) {
		start = h.next
	}
	wait := start.Add(d).Sub(now)
	if wait > g.maxQueue {
		g.mu.Unlock()
		return mysql.NewSQLError(mysql.ERAccessDeniedError, mysql.SSAccessDeniedError,
			"Access denied: too many failed logins from %s; try again later", host)
	}
	h.next = start.Add(d)
	g.mu.Unlock()
	g.sleep(wait)
	return nil
}

// checkLocked returns error 3955 while acct is locked by failed logins.
func (g *loginGuard) checkLocked(acct *mysql_db.User, pol lockPolicy, host string) error {
	if acct == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	key := acct.User + "@" + acct.Host
	a := g.accounts[key]
	if a == nil || (!a.forever && a.lockedUntil.IsZero()) {
		return nil
	}
	now := g.now()
	if !a.forever && !now.Before(a.lockedUntil) {
		delete(g.accounts, key) // the lock ran out: counting starts over
		return nil
	}
	return blockedError(acct.User, host, a, now)
}

// failed records a wrong password for host and acct, and returns the
// error for the client: 3955 when this failure locks the account.
func (g *loginGuard) failed(host string, acct *mysql_db.User, pol lockPolicy, err error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.noteHostFailure(host, now)
	if acct == nil || !pol.enabled() {
		return err
	}
	key := acct.User + "@" + acct.Host
	a := g.accounts[key]
	if a == nil {
		a = &accountFailures{}
		g.accounts[key] = a
	}
	a.n++
	if a.n < pol.attempts {
		return err
	}
	a.lockDays = pol.lockDays
	if pol.lockDays < 0 {
		a.forever = true
	} else {
		a.lockedUntil = now.Add(time.Duration(pol.lockDays) * 24 * time.Hour)
	}
	return blockedError(acct.User, host, a, now)
}

func (g *loginGuard) noteHostFailure(host string, now time.Time) {
	h := g.hosts[host]
	if h == nil {
		if len(g.hosts) >= maxTrackedHosts {
			g.pruneHosts(now)
		}
		h = &hostFailures{}
		g.hosts[host] = h
	}
	h.n++
	h.last = now
}

// pruneHosts forgets hosts without a failure for forgetAfter; if all are
// recent, it forgets all (a flood of sources must not grow memory).
func (g *loginGuard) pruneHosts(now time.Time) {
	for k, h := range g.hosts {
		if now.Sub(h.last) > forgetAfter {
			delete(g.hosts, k)
		}
	}
	if len(g.hosts) >= maxTrackedHosts {
		clear(g.hosts)
	}
}

// succeeded clears the failure counts of host and acct.
func (g *loginGuard) succeeded(host string, acct *mysql_db.User) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.hosts, host)
	if acct != nil {
		delete(g.accounts, acct.User+"@"+acct.Host)
	}
}

// resetAccount forgets the failures and lock of user@host (ALTER USER,
// ACCOUNT UNLOCK, SET PASSWORD).
func (g *loginGuard) resetAccount(user, host string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.accounts, user+"@"+host)
}

func blockedError(user, host string, a *accountFailures, now time.Time) error {
	days, left := "unlimited", "unlimited"
	if !a.forever {
		days = fmt.Sprint(a.lockDays)
		left = fmt.Sprint(int(a.lockedUntil.Sub(now).Hours()/24) + 1)
	}
	return mysql.NewSQLError(erAccountBlocked, "HY000",
		"Access denied for user '%s'@'%s'. Account is blocked for %s day(s) (%s day(s) remaining) due to %d consecutive failed logins.",
		user, host, days, left, a.n)
}

// lockPolicy is an account's FAILED_LOGIN_ATTEMPTS and PASSWORD_LOCK_TIME
// (lockDays -1 is UNBOUNDED). Tracking is on only when both are set.
type lockPolicy struct {
	attempts int
	lockDays int
}

func (p lockPolicy) enabled() bool { return p.attempts > 0 && p.lockDays != 0 }

// userAttributes is the part of mysql.user's User_attributes JSON that
// cohortdb reads, in MySQL's own layout.
type userAttributes struct {
	PasswordLocking *struct {
		FailedLoginAttempts  int `json:"failed_login_attempts"`
		PasswordLockTimeDays int `json:"password_lock_time_days"`
	} `json:"Password_locking,omitempty"`
}

// policyOf reads acct's lock policy from its attributes.
func policyOf(acct *mysql_db.User) lockPolicy {
	if acct == nil || acct.Attributes == nil {
		return lockPolicy{}
	}
	var attrs userAttributes
	if json.Unmarshal([]byte(*acct.Attributes), &attrs) != nil || attrs.PasswordLocking == nil {
		return lockPolicy{}
	}
	return lockPolicy{attempts: attrs.PasswordLocking.FailedLoginAttempts,
		lockDays: attrs.PasswordLocking.PasswordLockTimeDays}
}

// withPolicy returns attrs (a User_attributes JSON object, or nil) with
// Password_locking set to p; other keys are kept.
func withPolicy(attrs *string, p lockPolicy) (*string, error) {
	m := map[string]any{}
	if attrs != nil && *attrs != "" {
		if err := json.Unmarshal([]byte(*attrs), &m); err != nil {
			return nil, fmt.Errorf("user attributes %q: %w", *attrs, err)
		}
	}
	m["Password_locking"] = map[string]int{
		"failed_login_attempts":   p.attempts,
		"password_lock_time_days": p.lockDays,
	}
	buf, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	s := string(buf)
	return &s, nil
}

// sysvarOn reports whether the global boolean system variable name is on.
func sysvarOn(name string) bool {
	_, v, ok := sql.SystemVariables.GetGlobal(name)
	if !ok {
		return false
	}
	switch x := v.(type) {
	case int8:
		return x != 0
	case int64:
		return x != 0
	case bool:
		return x
	}
	return false
}
