#!/usr/bin/env python3
"""PyTorch's DCGAN D+G step at pytorch/examples dcgan/main.py's shapes (64 px, nz 100,
ngf = ndf = 64, nc 3, batch 64, Adam 2e-4 beta1 0.5): the peer of `vitrine-bench gan`. Run both
one right after the other on the same machine and compare the ratio; name the CPU (lscpu).
Needs torch (pip install torch --index-url ... is not reachable here: a CPU wheel from PyPI).
Writes reports/bench/gan-pytorch.json."""
import json, os, sys, time

try:
    import torch
    import torch.nn as nn
except ImportError:
    print("torch is not installed: pip install torch (CPU wheel), then run again")
    sys.exit(0)

torch.set_num_threads(int(os.environ.get("THREADS", "2")))
nz, ngf, ndf, nc, batch = 100, 64, 64, 3, 64
G = nn.Sequential(
    nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 8), nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
    nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),
    nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False), nn.Tanh())
D = nn.Sequential(
    nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
    nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2, inplace=True),
    nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 4), nn.LeakyReLU(0.2, inplace=True),
    nn.Conv2d(ndf * 4, ndf * 8, 4, 2, 1, bias=False), nn.BatchNorm2d(ndf * 8), nn.LeakyReLU(0.2, inplace=True),
    nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False))
criterion = nn.BCEWithLogitsLoss()
optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
real = torch.rand(batch, nc, 64, 64) * 2 - 1
noise = torch.randn(batch, nz, 1, 1)
ones, zeros = torch.ones(batch), torch.zeros(batch)


def step():
    D.zero_grad()
    errD_real = criterion(D(real).view(-1), ones)
    errD_real.backward()
    fake = G(noise)
    errD_fake = criterion(D(fake.detach()).view(-1), zeros)
    errD_fake.backward()
    optD.step()
    G.zero_grad()
    errG = criterion(D(fake).view(-1), ones)
    errG.backward()
    optG.step()


step()
times = []
for _ in range(5):
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
best = min(times)
print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads: {best * 1000:.0f} ms per D+G step")
os.makedirs("reports/bench", exist_ok=True)
with open("reports/bench/gan-pytorch.json", "w") as f:
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "seconds_per_step": best}, f, indent=2)
