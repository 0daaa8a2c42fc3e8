package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"
)

// health says the process is alive: it answers without touching the
// database, so that a slow database does not get the process restarted.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// ready says whether this server can serve: it is not shutting down, the
// database answers within a second, and its schema is the one this build
// knows. A load balancer sends requests only to servers that are ready.
// The reason given is short and holds nothing personal; details go to the
// log.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("shutting down\n"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	if err := s.store.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("the database is not ready\n"))
		return
	}
	w.Write([]byte("ready\n"))
}

// metricsEndpoint serves /metrics on the main address to whoever shows
// MetricsToken as a bearer token; with no token configured it is not
// there at all (metrics may then be served on their own address).
func (s *Server) metricsEndpoint(w http.ResponseWriter, r *http.Request) {
	if s.MetricsToken == "" {
		http.NotFound(w, r)
		return
	}
	given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(given), []byte(s.MetricsToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="faces metrics"`)
		http.Error(w, "metrics need their bearer token", http.StatusUnauthorized)
		return
	}
	s.MetricsHandler().ServeHTTP(w, r)
}

// forwardedHTTPSKey marks a request that reached a trusted proxy over
// HTTPS.
type forwardedHTTPSKey struct{}

// behindProxies replaces the address of a request that came through a
// trusted proxy with the client's own, read from X-Forwarded-For right to
// left: the rightmost address not itself a trusted proxy is the client
// (anything left of it was written by the client and proves nothing). A
// request from any other address keeps its own address whatever its
// headers say, so the sign-in limits always key on an address the client
// cannot choose.
func (s *Server) behindProxies(next http.Handler) http.Handler {
	if len(s.TrustedProxies) == 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, ok := parseAddr(r.RemoteAddr)
		if !ok || !s.trustedProxy(peer) {
			next.ServeHTTP(w, r)
			return
		}
		client := peer
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, ok := parseAddr(strings.TrimSpace(hops[i]))
			if !ok {
				break
			}
			client = a
			if !s.trustedProxy(a) {
				break
			}
		}
		ctx := r.Context()
		protos := strings.Split(strings.Join(r.Header.Values("X-Forwarded-Proto"), ","), ",")
		if strings.EqualFold(strings.TrimSpace(protos[len(protos)-1]), "https") {
			ctx = context.WithValue(ctx, forwardedHTTPSKey{}, true)
		}
		r = r.WithContext(ctx)
		r.RemoteAddr = net.JoinHostPort(client.String(), "0")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseAddr reads "1.2.3.4", "1.2.3.4:5678", "::1" or "[::1]:5678".
func parseAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(s)
	return a.Unmap(), err == nil
}

// secure tells whether cookies set on this response must be Secure: when
// configured so, when the request came over HTTPS, or when a trusted proxy
// says it did.
func (s *Server) secure(r *http.Request) bool {
	https, _ := r.Context().Value(forwardedHTTPSKey{}).(bool)
	return s.SecureCookies || r.TLS != nil || https
}

// ParseProxies reads a comma-separated list of addresses and networks
// ("10.0.0.1, 192.168.0.0/16, ::1") for Server.TrustedProxies.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
