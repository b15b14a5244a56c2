// Package logging sets up the bridge's logs: one JSON object per line on
// stderr, for the bridge's own events (with callID / sipCallID on every call
// event) and for the LiveKit SDKs underneath.
package logging

import (
	"io"
	"log/slog"
	"strings"

	protologger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
)

// New returns the bridge logger at level (debug, info, warn, error) and
// makes it the slog default, which diago and sipgo log through. Each message
// text may appear 50 times in a burst and 20 times a second after that.
func New(level string, w io.Writer) *slog.Logger {
	log := slog.New(newLimitHandler(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: parse(level)}), 50, 20))
	slog.SetDefault(log)
	return log
}

// SetupSDK routes LiveKit's SDK and media logs through protocol's JSON
// logger. They are chatty at info (every ICE and track event per call), so
// they stay at warn unless the bridge runs at debug.
func SetupSDK(level string) {
	sdkLevel := "warn"
	if strings.EqualFold(level, "debug") {
		sdkLevel = "debug"
	}
	// pion's ICE warns about every candidate pair it cannot ping yet: noise on loopback.
	zl, err := protologger.NewZapLogger(&protologger.Config{JSON: true, Level: sdkLevel, ComponentLevels: map[string]string{"pion": "error"}})
	if err != nil {
		return
	}
	l := zl.WithName("livekit")
	protologger.SetLogger(l, "sip-bridge")
	lksdk.SetLogger(l)
}

func parse(level string) slog.Level {
	switch strings.ToLower(level) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}
