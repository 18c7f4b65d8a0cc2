"""A dependency-free safetensors writer and reader (https://huggingface.co/docs/safetensors format:
u64 LE header length, JSON header {name: {dtype, shape, data_offsets}, __metadata__: {str: str}},
then the tensors' bytes, little-endian, row-major, in header order, no gaps)."""
import json
import struct

import numpy as np
import torch

DTYPES = {torch.float32: ('F32', np.float32), torch.float16: ('F16', np.float16), torch.bfloat16: ('BF16', None)}
NP = {'F32': np.float32, 'F16': np.float16}


def write_safetensors(path: str, tensors: dict, metadata: dict) -> None:
    header, blobs, offset = {'__metadata__': {k: str(v) for k, v in metadata.items()}}, [], 0
    for name, t in tensors.items():
        code, np_dtype = DTYPES[t.dtype]
        t = t.detach().cpu().contiguous()
        # numpy has no bfloat16: its bits travel as int16 (same size, little-endian)
        b = t.view(torch.int16).numpy().tobytes() if np_dtype is None else t.numpy().astype(np_dtype).tobytes()
        header[name] = {'dtype': code, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path: str):
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop('__metadata__', {})
    out = {}
    for name, e in header.items():
        a, b = e['data_offsets']
        raw = data[8 + n + a:8 + n + b]
        if e['dtype'] == 'BF16':
            bits = np.frombuffer(raw, dtype='<u2').astype(np.uint32) << 16
            arr = bits.view(np.float32).reshape(e['shape'])
        else:
            arr = np.frombuffer(raw, dtype=NP[e['dtype']]).reshape(e['shape'])
        out[name] = torch.from_numpy(arr.astype(np.float32))
    return out, meta
