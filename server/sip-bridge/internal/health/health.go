// Package health serves the bridge's HTTP status: GET / answers 200 only
// when Redis (the bus to livekit-server) and the SIP listener are up, 503
// otherwise; GET /stats returns call counters as JSON.
package health

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// Source is what the endpoint reports on (the bridge).
type Source interface {
	SIPReady() bool
	Stats() any
}

// Handler builds the mux. pingRedis should fail fast (it runs per request).
func Handler(src Source, pingRedis func(context.Context) error) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), time.Second)
		defer cancel()
		body := map[string]string{"status": "ok", "redis": "ok", "sip": "ok"}
		code := http.StatusOK
		if err := pingRedis(ctx); err != nil {
			body["redis"], body["status"], code = "down: "+err.Error(), "down", http.StatusServiceUnavailable
		}
		if !src.SIPReady() {
			body["sip"], body["status"], code = "down", "down", http.StatusServiceUnavailable
		}
		writeJSON(w, code, body)
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, src.Stats())
	})
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
