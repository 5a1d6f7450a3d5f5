;; The hot loop of the separable sigmoid fit (workers/fit/separable.ts, accumulate) in WebAssembly SIMD:
;; two points per step in f64x2 lanes. Assembled by scripts/assemble-kernel.mjs into workers/fit/kernel-wasm.ts.
;;
;; For x0, r and the mean ȳ it computes, over n points (n even; padding points carry weight 0):
;;   t = x − x0, e = exp(−r·t), s = w/(1 + e), u = w·e/(1 + e)², yc = y − ȳ
;; and stores the twelve sums Σs, Σs², Σs·yc, Σu, Σu·s, Σu·yc, Σu², Σu·t, Σu·t·s, Σu·t·yc, Σu·t·u, Σ(u·t)² as f64
;; at byte offset 0. The caller guarantees −r·t < 500 for every point (the overflow guard is checked before).
;;
;; exp: z = k·ln2 + q with k = roundeven(z/ln2), |q| ≤ ln2/2 (Cody–Waite split of ln2), e^q by its Taylor
;; polynomial of degree 12 (truncation < 2e-16 relative), 2^k assembled in the exponent bits (k ∈ [−433, 722] here,
;; so always a normal double). WebAssembly never fuses or reorders floating-point operations, so every machine
;; computes the same bits.
(module
  (memory (export "memory") 1)
  (func (export "accumulate")
    (param $n i32) (param $x0 f64) (param $r f64) (param $ym f64)
    (param $xo i32) (param $yo i32) (param $wo i32)
    (local $p i32) (local $end i32)
    (local $vx0 v128) (local $vnr v128) (local $vym v128)
    (local $t v128) (local $z v128) (local $k v128) (local $q v128) (local $poly v128) (local $q2 v128) (local $q4 v128) (local $a v128) (local $b v128) (local $c v128)
    (local $e v128) (local $low v128) (local $s v128) (local $u v128) (local $yc v128) (local $ut v128) (local $w v128)
    (local $zmin v128) (local $invln2 v128) (local $ln2hi v128) (local $ln2lo v128) (local $one v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128) (local $c8 v128) (local $c9 v128) (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $bias v128)
    (local $s1 v128) (local $s2 v128) (local $sy v128) (local $uu v128) (local $us v128) (local $uy v128)
    (local $u2 v128) (local $tu v128) (local $ts v128) (local $ty v128) (local $tu2 v128) (local $tt2 v128)
    ;; Constants splatted once, outside the loop (V8 does not hoist them): $cN = 1/N!.
    (local.set $zmin (f64x2.splat (f64.const -300)))
    (local.set $invln2 (f64x2.splat (f64.const 1.4426950408889634)))
    (local.set $ln2hi (f64x2.splat (f64.const 0.6931471803691238)))
    (local.set $ln2lo (f64x2.splat (f64.const 1.9082149292705877e-10)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $c2 (f64x2.splat (f64.const 0.5)))
    (local.set $c3 (f64x2.splat (f64.const 0.16666666666666666)))
    (local.set $c4 (f64x2.splat (f64.const 4.1666666666666664e-2)))
    (local.set $c5 (f64x2.splat (f64.const 8.333333333333333e-3)))
    (local.set $c6 (f64x2.splat (f64.const 1.388888888888889e-3)))
    (local.set $c7 (f64x2.splat (f64.const 1.984126984126984e-4)))
    (local.set $c8 (f64x2.splat (f64.const 2.48015873015873e-5)))
    (local.set $c9 (f64x2.splat (f64.const 2.7557319223985893e-6)))
    (local.set $c10 (f64x2.splat (f64.const 2.755731922398589e-7)))
    (local.set $c11 (f64x2.splat (f64.const 2.505210838544172e-8)))
    (local.set $c12 (f64x2.splat (f64.const 2.08767569878681e-9)))
    (local.set $bias (i64x2.splat (i64.const 1023)))
    (local.set $vx0 (f64x2.splat (local.get $x0)))
    (local.set $vnr (f64x2.splat (f64.neg (local.get $r))))
    (local.set $vym (f64x2.splat (local.get $ym)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $p (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $t (f64x2.sub (v128.load (i32.add (local.get $xo) (local.get $p))) (local.get $vx0)))
        (local.set $z (f64x2.mul (local.get $vnr) (local.get $t)))
        ;; Below −300 the point counts as e = 0 (as in the JS loop: no subnormal products); the exponent is evaluated
        ;; at −300 there so 2^k stays a normal double, and masked out below.
        (local.set $low (f64x2.gt (local.get $z) (local.get $zmin)))
        (local.set $z (f64x2.pmax (local.get $zmin) (local.get $z)))
        ;; k = roundeven(z / ln2); q = z − k·ln2_hi − k·ln2_lo
        (local.set $k (f64x2.nearest (f64x2.mul (local.get $z) (local.get $invln2))))
        (local.set $q
          (f64x2.sub
            (f64x2.sub (local.get $z) (f64x2.mul (local.get $k) (local.get $ln2hi)))
            (f64x2.mul (local.get $k) (local.get $ln2lo))))
        ;; Estrin's scheme for Σ q^i / i!, i = 0 … 12: a dependency chain of 8 operations instead of Horner's 24 (the
        ;; loop is latency-bound otherwise).
        (local.set $q2 (f64x2.mul (local.get $q) (local.get $q)))
        (local.set $q4 (f64x2.mul (local.get $q2) (local.get $q2)))
        (local.set $a (f64x2.add (f64x2.add (local.get $one) (local.get $q)) (f64x2.mul (f64x2.add (local.get $c2) (f64x2.mul (local.get $c3) (local.get $q))) (local.get $q2))))
        (local.set $b (f64x2.add (f64x2.add (local.get $c4) (f64x2.mul (local.get $c5) (local.get $q))) (f64x2.mul (f64x2.add (local.get $c6) (f64x2.mul (local.get $c7) (local.get $q))) (local.get $q2))))
        (local.set $c (f64x2.add (f64x2.add (local.get $c8) (f64x2.mul (local.get $c9) (local.get $q))) (f64x2.mul (f64x2.add (local.get $c10) (f64x2.mul (local.get $c11) (local.get $q))) (local.get $q2))))
        (local.set $poly
          (f64x2.add
            (f64x2.add (local.get $a) (f64x2.mul (local.get $b) (local.get $q4)))
            (f64x2.mul
              (f64x2.add (local.get $c) (f64x2.mul (local.get $c12) (local.get $q4)))
              (f64x2.mul (local.get $q4) (local.get $q4)))))
        ;; e = poly · 2^k, 2^k from the bits (k + 1023) << 52
        (local.set $e
          (f64x2.mul (local.get $poly)
            (i64x2.shl
              (i64x2.add
                (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k)))
                (local.get $bias))
              (i32.const 52))))
        (local.set $e (v128.and (local.get $e) (local.get $low)))
        (local.set $w (v128.load (i32.add (local.get $wo) (local.get $p))))
        (local.set $s (f64x2.div (local.get $one) (f64x2.add (local.get $one) (local.get $e))))
        (local.set $u (f64x2.mul (f64x2.mul (f64x2.mul (local.get $e) (local.get $s)) (local.get $s)) (local.get $w)))
        (local.set $s (f64x2.mul (local.get $s) (local.get $w)))
        (local.set $yc (f64x2.sub (v128.load (i32.add (local.get $yo) (local.get $p))) (local.get $vym)))
        (local.set $ut (f64x2.mul (local.get $u) (local.get $t)))
        (local.set $s1 (f64x2.add (local.get $s1) (local.get $s)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $s) (local.get $s))))
        (local.set $sy (f64x2.add (local.get $sy) (f64x2.mul (local.get $s) (local.get $yc))))
        (local.set $uu (f64x2.add (local.get $uu) (local.get $u)))
        (local.set $us (f64x2.add (local.get $us) (f64x2.mul (local.get $u) (local.get $s))))
        (local.set $uy (f64x2.add (local.get $uy) (f64x2.mul (local.get $u) (local.get $yc))))
        (local.set $u2 (f64x2.add (local.get $u2) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $tu (f64x2.add (local.get $tu) (local.get $ut)))
        (local.set $ts (f64x2.add (local.get $ts) (f64x2.mul (local.get $ut) (local.get $s))))
        (local.set $ty (f64x2.add (local.get $ty) (f64x2.mul (local.get $ut) (local.get $yc))))
        (local.set $tu2 (f64x2.add (local.get $tu2) (f64x2.mul (local.get $ut) (local.get $u))))
        (local.set $tt2 (f64x2.add (local.get $tt2) (f64x2.mul (local.get $ut) (local.get $ut))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next)))
    (f64.store offset=0 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
    (f64.store offset=8 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
    (f64.store offset=16 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $sy)) (f64x2.extract_lane 1 (local.get $sy))))
    (f64.store offset=24 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $uu)) (f64x2.extract_lane 1 (local.get $uu))))
    (f64.store offset=32 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $us)) (f64x2.extract_lane 1 (local.get $us))))
    (f64.store offset=40 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $uy)) (f64x2.extract_lane 1 (local.get $uy))))
    (f64.store offset=48 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $u2)) (f64x2.extract_lane 1 (local.get $u2))))
    (f64.store offset=56 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $tu)) (f64x2.extract_lane 1 (local.get $tu))))
    (f64.store offset=64 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $ts)) (f64x2.extract_lane 1 (local.get $ts))))
    (f64.store offset=72 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $ty)) (f64x2.extract_lane 1 (local.get $ty))))
    (f64.store offset=80 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $tu2)) (f64x2.extract_lane 1 (local.get $tu2))))
    (f64.store offset=88 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $tt2)) (f64x2.extract_lane 1 (local.get $tt2))))))
