package sandbox

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

type fault int

const (
	faultNone fault = iota
	faultStatus500
	faultStatus503
	faultDrop     // the connection is closed without an answer
	faultTruncate // the request is carried out, the answer is cut short
)

// faults draws faults and latency jitter from one seeded generator, so a
// run with the same seed and the same request order fails the same way.
type faults struct {
	mu   sync.Mutex
	rate float64
	rng  *rand.Rand
}

func newFaults(rate float64, seed uint64) *faults {
	return &faults{rate: rate, rng: rand.New(rand.NewPCG(seed, seed^0x5eed))}
}

func (f *faults) pick() fault {
	if f.rate <= 0 {
		return faultNone
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rng.Float64() >= f.rate {
		return faultNone
	}
	return fault(1 + f.rng.IntN(4))
}

func (f *faults) jitter(max time.Duration) time.Duration {
	if max <= 0 {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.Duration(f.rng.Int64N(int64(max)))
}

// delay waits the configured latency; it reports false if the client went away.
func (s *Server) delay(req *http.Request) bool {
	d := s.opts.Latency + s.faults.jitter(s.opts.Jitter)
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-req.Context().Done():
		return false
	}
}

func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2 or a recorder): abort the handler instead.
	panic(http.ErrAbortHandler)
}
