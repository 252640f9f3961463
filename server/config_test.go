package server

import (
	"errors"
	"net"
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	for _, c := range []struct {
		listen, password string
		wantErr          string // substring; "" means valid
	}{
		{"127.0.0.1:3306", "", ""},
		{"127.0.0.1:0", "", ""},
		{"[::1]:3306", "", ""},
		{"localhost:3306", "", ""},
		{"127.0.0.2:3306", "", ""},
		{"0.0.0.0:3306", "", "root password required to listen on non-loopback"},
		{":3306", "", "root password required to listen on non-loopback"},
		{"[::]:3306", "", "root password required to listen on non-loopback"},
		{"10.1.2.3:3306", "", "root password required to listen on non-loopback"},
		{"0.0.0.0:3306", "pw", ""},
		{"127.0.0.1", "", "listen address"},
		{"127.0.0.1:", "", "no port"},
	} {
		err := Config{DataDir: "d", Listen: c.listen, RootPassword: c.password}.withDefaults().validate()
		if c.wantErr == "" {
			if err != nil {
				t.Errorf("%s pw=%q: unexpected error %v", c.listen, c.password, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.Is(err, ErrConfig) {
			t.Errorf("%s pw=%q: got %v, want ErrConfig containing %q", c.listen, c.password, err, c.wantErr)
		}
	}
	if err := (Config{}).withDefaults().validate(); !errors.Is(err, ErrConfig) {
		t.Errorf("empty data dir: got %v", err)
	}
}

func TestConnectHost(t *testing.T) {
	for _, c := range []struct{ addr, host, port string }{
		{"127.0.0.1:3306", "127.0.0.1", "3306"},
		{"0.0.0.0:4000", "127.0.0.1", "4000"},
		{"[::]:4000", "127.0.0.1", "4000"},
		{"10.0.0.5:3306", "10.0.0.5", "3306"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", c.addr)
		if err != nil {
			t.Fatal(err)
		}
		host, port := connectHost(addr)
		if host != c.host || port != c.port {
			t.Errorf("connectHost(%s) = %s %s, want %s %s", c.addr, host, port, c.host, c.port)
		}
	}
}
