// Command sip-bridge is the project's embedded SIP bridge: a drop-in for
// livekit-sip that livekit-server drives over Redis. Run it with the same
// YAML: sip-bridge --config sip.yaml
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/livekit/psrpc"
	"github.com/redis/go-redis/v9"

	"voiceagent/sipbridge/internal/bridge"
	"voiceagent/sipbridge/internal/config"
	"voiceagent/sipbridge/internal/health"
	"voiceagent/sipbridge/internal/logging"
)

func main() {
	configFile := flag.String("config", "", "YAML config file (livekit-sip's keys)")
	configBody := flag.String("config-body", "", "YAML config as a string (instead of --config)")
	flag.Parse()
	if err := run(*configFile, *configBody); err != nil {
		fmt.Fprintln(os.Stderr, "sip-bridge:", err)
		os.Exit(1)
	}
}

func run(configFile, configBody string) error {
	var conf *config.Config
	var err error
	switch {
	case configBody != "":
		conf, err = config.Parse([]byte(configBody), os.Getenv)
	case configFile != "":
		conf, err = config.Load(configFile)
	default:
		return errors.New("--config FILE is required")
	}
	if err != nil {
		return err
	}
	log := logging.New(conf.LogLevel, os.Stderr)
	logging.SetupSDK(conf.LogLevel)
	if len(conf.UnknownKeys) > 0 {
		log.Warn("ignoring config keys this bridge does not use", "keys", conf.UnknownKeys)
	}

	rc := redis.NewClient(&redis.Options{
		Addr: conf.Redis.Address, Username: conf.Redis.Username, Password: conf.Redis.Password, DB: conf.Redis.DB,
		DialTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 3 * time.Second,
	})
	defer rc.Close()
	if err := waitForRedis(rc, 15*time.Second); err != nil {
		return fmt.Errorf("redis.address %s: %w", conf.Redis.Address, err)
	}

	b, err := bridge.New(conf, psrpc.NewRedisMessageBus(rc), log)
	if err != nil {
		return err
	}
	if err := b.Start(); err != nil {
		return err
	}

	var srv *http.Server
	if conf.HealthPort > 0 {
		addr := net.JoinHostPort(conf.ListenIP, strconv.Itoa(conf.HealthPort))
		srv = &http.Server{
			Addr:              addr,
			Handler:           health.Handler(statsSource{b}, func(ctx context.Context) error { return rc.Ping(ctx).Err() }),
			ReadHeaderTimeout: 5 * time.Second,
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("health_port %d: %w", conf.HealthPort, err)
		}
		go func() { _ = srv.Serve(ln) }()
		log.Info("health endpoint up", "addr", addr)
	}

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	s := <-sig
	log.Info("shutting down", "signal", s.String())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b.Shutdown(ctx)
	if srv != nil {
		_ = srv.Shutdown(ctx)
	}
	return nil
}

// waitForRedis tolerates a Redis that starts alongside the bridge.
func waitForRedis(rc *redis.Client, within time.Duration) error {
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := rc.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not reachable: %w", err)
		}
		slog.Warn("waiting for Redis", "error", err.Error())
		time.Sleep(500 * time.Millisecond)
	}
}

type statsSource struct{ b *bridge.Bridge }

func (s statsSource) SIPReady() bool { return s.b.SIPReady() }
func (s statsSource) Stats() any     { return s.b.Stats() }
