import re,sys,glob,math
def wilson(k,n,z=1.959964):
    p=k/n; c=(p+z*z/(2*n))/(1+z*z/n); h=z*math.sqrt(p*(1-p)/n+z*z/(4*n*n))/(1+z*z/n); return max(0,c-h),min(1,c+h)
for f in sorted(glob.glob(__import__('os').path.join(__import__('os').path.dirname(__file__), 'log-*.txt'))):
    v=re.findall(r'seed (\d+): (\w+) rows (\d+) \((\d+) neg\), T (\S+), p (\S+), power ([0-9.na]+)',open(f).read())
    if not v: continue
    n=len(v); c={k:sum(1 for x in v if x[1]==k) for k in ['separable','not_separable','inconclusive']}
    s=' '.join(f"{k} {c[k]/n:.3f} [{wilson(c[k],n)[0]:.3f},{wilson(c[k],n)[1]:.3f}]" for k in c)
    rows=sum(int(x[2]) for x in v)/n; power=[float(x[6]) for x in v if x[6]!='nan']
    print(f"{f.split('log-')[1][:-4]:28s} n={n:3d} {s}  rows {rows:.0f} meanpower {sum(power)/max(1,len(power)):.2f}")
