#!/usr/bin/env python3
"""PyTorch's dcgan/main.py (unconditional, 64 px, ngf = ndf = 32, Adam 2e-4 beta1 0.5, batch 64)
on the jewellery catalog's training photos: the peer check of a Vitrine GAN that will not leave
noise. Run from the repository root after `vitrine run experiments/...` rendered the 64 px
catalog into data/catalog-jewelry (see docs/results/gan/README.md). Needs torch and Pillow.
Prints D's and G's losses, D(G(z)), how much samples vary with z and their neighbour-pixel
correlation every 50 steps; writes /tmp/torch_200.png and /tmp/torch_400.png."""
import csv, numpy as np, torch, torch.nn as nn, time
from PIL import Image
torch.manual_seed(1); torch.set_num_threads(2)
rows=[r for r in csv.DictReader(open('data/catalog-jewelry/manifest.csv')) if r['category'] in ('ring','earrings') and r['kind']=='photo' and r['source']=='own' and r['split']=='train']
rows=rows[:6000]
X=np.stack([np.asarray(Image.open('data/catalog-jewelry/'+r['path']).convert('RGB'),dtype=np.float32)/255 for r in rows]).transpose(0,3,1,2)*2-1
X=torch.tensor(X); print(X.shape, X.mean().item(), X.std().item())
nz,ngf,ndf=100,32,32
G=nn.Sequential(nn.ConvTranspose2d(nz,ngf*8,4,1,0,bias=False),nn.BatchNorm2d(ngf*8),nn.ReLU(True),
 nn.ConvTranspose2d(ngf*8,ngf*4,4,2,1,bias=False),nn.BatchNorm2d(ngf*4),nn.ReLU(True),
 nn.ConvTranspose2d(ngf*4,ngf*2,4,2,1,bias=False),nn.BatchNorm2d(ngf*2),nn.ReLU(True),
 nn.ConvTranspose2d(ngf*2,ngf,4,2,1,bias=False),nn.BatchNorm2d(ngf),nn.ReLU(True),
 nn.ConvTranspose2d(ngf,3,4,2,1,bias=False),nn.Tanh())
D=nn.Sequential(nn.Conv2d(3,ndf,4,2,1,bias=False),nn.LeakyReLU(0.2,True),
 nn.Conv2d(ndf,ndf*2,4,2,1,bias=False),nn.BatchNorm2d(ndf*2),nn.LeakyReLU(0.2,True),
 nn.Conv2d(ndf*2,ndf*4,4,2,1,bias=False),nn.BatchNorm2d(ndf*4),nn.LeakyReLU(0.2,True),
 nn.Conv2d(ndf*4,ndf*8,4,2,1,bias=False),nn.BatchNorm2d(ndf*8),nn.LeakyReLU(0.2,True),
 nn.Conv2d(ndf*8,1,4,1,0,bias=False))
def winit(m):
    n=m.__class__.__name__
    if 'Conv' in n: nn.init.normal_(m.weight,0,0.02)
    elif 'BatchNorm' in n: nn.init.normal_(m.weight,1,0.02); nn.init.zeros_(m.bias)
G.apply(winit); D.apply(winit)
crit=nn.BCEWithLogitsLoss()
oD=torch.optim.Adam(D.parameters(),2e-4,betas=(0.5,0.999)); oG=torch.optim.Adam(G.parameters(),2e-4,betas=(0.5,0.999))
fixed=torch.randn(8,nz,1,1)
t=time.time()
for step in range(1,401):
    idx=torch.randint(0,len(X),(64,)); real=X[idx]
    D.zero_grad(); lr=crit(D(real).view(-1),torch.ones(64)); lr.backward()
    fake=G(torch.randn(64,nz,1,1)); lf=crit(D(fake.detach()).view(-1),torch.zeros(64)); lf.backward(); oD.step()
    G.zero_grad(); out=D(fake).view(-1); lg=crit(out,torch.ones(64)); lg.backward(); oG.step()
    if step%50==0:
        with torch.no_grad(): s=G(fixed)
        a=s[:,:,:,:-1].flatten(); b=s[:,:,:,1:].flatten()
        print(step, 'lossD %.3f lossG %.3f D(G) %.3f'%((lr+lf).item(), lg.item(), torch.sigmoid(out).mean().item()), 'sample std-over-z %.3f neighbour corr %.3f'%(s.std(0).mean().item(), np.corrcoef(a,b)[0,1]), '%.0fs'%(time.time()-t), flush=True)
        if step in (200,400):
            img=((s[:8].permute(0,2,3,1).numpy()+1)/2*255).clip(0,255).astype(np.uint8)
            Image.fromarray(np.concatenate(list(img),1)).resize((1024,128),Image.NEAREST).save('/tmp/torch_%d.png'%step)
