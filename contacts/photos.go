package contacts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"syscall"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/photo"
)

// Fetcher fetches the photos contacts name by web address — with a
// timeout and photo.MaxBytes as a cap, so that a slow or endless answer
// never holds an import — and, unless AllowPrivate, never from loopback,
// link-local, private or otherwise internal addresses: a contact file must
// not make the server fetch its own admin pages or a cloud's metadata. The
// address is checked when the connection is made, after the name is
// resolved and again for each redirect, so a name that resolves to an
// internal address is refused too.
type Fetcher struct {
	AllowPrivate bool
	Timeout      time.Duration // for the whole fetch; 10 s when zero
	MaxBytes     int64         // what is read at most; photo.MaxBytes when zero
}

// ErrInternalAddress is what a fetch from an internal address gets.
var ErrInternalAddress = errors.New("the address is internal (loopback, link-local or private); an admin may allow such addresses")

// Get fetches url's body.
func (f *Fetcher) Get(ctx context.Context, url string) ([]byte, error) {
	timeout := f.Timeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	dialer := &net.Dialer{Control: f.control}
	client := &http.Client{
		Transport: &http.Transport{Proxy: nil, DialContext: dialer.DialContext, TLSHandshakeTimeout: timeout, ResponseHeaderTimeout: timeout, MaxResponseHeaderBytes: 64 << 10},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return errors.New("a redirect to a " + req.URL.Scheme + " address")
			}
			return nil
		},
	}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, errors.New("only http and https addresses are fetched")
	}
	maxBytes := f.MaxBytes
	if maxBytes == 0 {
		maxBytes = photo.MaxBytes
		req.Header.Set("Accept", "image/jpeg, image/png, image/webp")
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue interface{ Timeout() bool }
		switch {
		case errors.Is(err, ErrInternalAddress):
			return nil, ErrInternalAddress
		case errors.As(err, &ue) && ue.Timeout(), errors.Is(err, context.DeadlineExceeded):
			return nil, fmt.Errorf("no answer within %s", timeout)
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the address answered %s", resp.Status)
	}
	tooBig := fmt.Errorf("it is larger than %d MB", maxBytes>>20)
	if resp.ContentLength > maxBytes {
		return nil, tooBig
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		return nil, fmt.Errorf("no answer within %s", timeout)
	}
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > maxBytes {
		return nil, tooBig
	}
	return data, nil
}

// control refuses a connection to an internal address, once the name is
// resolved.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	if f.AllowPrivate {
		return nil
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return err
	}
	if Internal(ap.Addr()) {
		return ErrInternalAddress
	}
	return nil
}

// sharedSpace is 100.64.0.0/10, carrier-grade NAT: not the public Internet.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// Internal tells whether an address is not on the public Internet.
func Internal(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsUnspecified() ||
		a.IsMulticast() || a.IsInterfaceLocalMulticast() || sharedSpace.Contains(a) ||
		a.Is4() && a.As4()[0] == 0 // 0.0.0.0/8: "this network"
}

// PhotoTaker makes the portraits of contacts that come with a photo: it
// fetches those named by address and runs each through the photo
// pipeline (size, type and decompression-bomb checks, renditions).
type PhotoTaker struct {
	Pipeline *photo.Pipeline
	Fetcher  *Fetcher
	Workers  int // photos taken at once; 4 when zero
}

// Take passes the contacts on, in order, with their photos taken —
// several at once, a few contacts ahead of the import that reads them —
// or a problem saying why not (the contact is imported without).
func (pt *PhotoTaker) Take(ctx context.Context, in iter.Seq2[*faces.Contact, error]) iter.Seq2[*faces.Contact, error] {
	workers := pt.Workers
	if workers <= 0 {
		workers = 4
	}
	return func(yield func(*faces.Contact, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type item struct {
			c    *faces.Contact
			err  error
			done chan struct{}
		}
		queue := make(chan *item, 4*workers)
		busy := make(chan struct{}, workers)
		var wg sync.WaitGroup
		go func() {
			defer close(queue)
			for c, err := range in {
				it := &item{c: c, err: err, done: make(chan struct{})}
				if err == nil && c.Photo.Wanted() {
					select {
					case busy <- struct{}{}:
					case <-ctx.Done():
						return
					}
					wg.Go(func() {
						defer func() { <-busy; close(it.done) }()
						pt.take(ctx, c)
					})
				} else {
					close(it.done)
				}
				select {
				case queue <- it:
				case <-ctx.Done():
					return
				}
			}
		}()
		defer func() {
			cancel()
			for range queue {
			}
			wg.Wait()
		}()
		for it := range queue {
			<-it.done
			if !yield(it.c, it.err) {
				return
			}
		}
	}
}

// take makes one contact's portrait, or says why it cannot.
func (pt *PhotoTaker) take(ctx context.Context, c *faces.Contact) {
	data := c.Photo.Data
	if c.Photo.URL != "" {
		fetched, err := pt.Fetcher.Get(ctx, c.Photo.URL)
		if err != nil {
			c.Photo.Problem = fmt.Sprintf("The photo at %s was not fetched: %v.", c.Photo.URL, err)
			return
		}
		data = fetched
	}
	processed, err := pt.Pipeline.Process(ctx, bytes.NewReader(data))
	c.Photo.Data = nil
	if err != nil {
		c.Photo.Problem = "The photo was not taken: " + err.Error() + "."
		return
	}
	c.Photo.Portrait = &faces.Portrait{Hash: processed.Hash, Renditions: processed.Renditions}
}
