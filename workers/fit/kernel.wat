;; The hot loops of the separable sigmoid fit in WebAssembly: accumulate (workers/fit/separable.ts; SIMD, f64x2 lanes)
;; and stepscan (the step start's threshold scan, workers/fit/step-scan.ts; scalar). Assembled by
;; scripts/assemble-kernel.mjs into workers/fit/kernel-bytes.ts.
;;
;; For x0, r and the mean ȳ it computes, over n points:
;;   t = x − x0, e = exp(−r·t), s = 1/(1 + e), u = e/(1 + e)², yc = y − ȳ
;; and stores the twelve sums Σs, Σs², Σs·yc, Σu, Σu·s, Σu·yc, Σu², Σu·t, Σu·t·s, Σu·t·yc, Σu·t·u, Σ(u·t)² as f64
;; at byte offset 0. The caller guarantees −r·t < 500 for every point (the overflow guard is checked before).
;;
;; Memory (byte offsets): 0 the twelve sums; 128 the constants (written once by init); 416 x0, −r, ȳ as vectors; 464
;; and 480 accumulate32's x0 and −r (f32x4); 512 its constants; from 1024 (sigmoid-kernel.ts) x and y (f64, n padded
;; to a multiple of 4), a scratch of 4 × 16 bytes per pair of points, and x as float32.
;;
;; accumulate32 is accumulate with its first loop in f32x4 (four points per step): the approach phase of a fit, where
;; ~1e-7 relative error in s, u and u·t is far below the cost changes LM acts on (separable.ts switches to accumulate
;; before anything is judged finely). Both share passes 2 and 3 ($sums).
;;
;; Three passes instead of one fused loop: V8 keeps at most 16 vectors in registers, and one loop with 12 sums, the
;; exponential's 13 coefficients and its temporaries spilled the sums to the stack and rebuilt every constant in
;; each step (about 30 % slower; README "Fitting engine"). Pass 1 evaluates s, u, u·t and yc per pair into the
;; scratch, reading its constants from memory; passes 2 and 3 add six sums each, every sum adding its points in the
;; same order as the fused loop did. yc depends only on y and ȳ, which stay the same for all of a fit's evaluations:
;; with $fresh = 0 (sigmoid-kernel.ts knows the scratch holds them) pass 1 leaves them where they are. With $inside = 1
;; as well (the caller has checked that no point's exponent is at or below −300), pass 1 runs without the mask and the
;; clamp those points need, with the same bits.
;;
;; exp: z = k·ln2 + q with k = roundeven(z/ln2) (the 1.5·2^52 shift rounds to even and leaves k in the low bits),
;; |q| ≤ ln2/2 (Cody–Waite split of ln2), e^q by its [6/6] Padé approximant (E + q·O)/(E − q·O), E and O even
;; polynomials (truncation < 2e-19 relative, rounding ≤ 3.4e-16 in a float64 check of 200 000 points), 2^k assembled
;; in the exponent bits (k ∈ [−433, 722] here, so always a normal double). The approximant's division is the
;; sigmoid's: s = 1/(1 + e) = (E − q·O)/((E − q·O) + 2^k(E + q·O)), so a point costs one division, not two. Until
;; 2026-12-03 e^q was the degree-12 Taylor polynomial: ~25 more instructions per pair of points, and its truncation
;; (up to 1.7e-16, always below e^q) was a bias of ~1 ulp. WebAssembly never fuses or reorders floating-point
;; operations, so every machine computes the same bits.
(module
  (memory (export "memory") 1)
  ;; Writes the constants, one f64x2 each from byte 128: −300, 1/ln2, ln2_hi, ln2_lo, 1, E's 5/44, 1/792, 1/665280,
  ;; O's 1/2, 1/66, 1/15840 (bytes 304–383 unused), the i64 bias
  ;; 1023, the shift 1.5·2^52. Called once after instantiation.
  (func (export "init")
    (v128.store offset=128 (i32.const 0) (f64x2.splat (f64.const -300)))
    (v128.store offset=144 (i32.const 0) (f64x2.splat (f64.const 1.4426950408889634)))
    (v128.store offset=160 (i32.const 0) (f64x2.splat (f64.const 0.6931471803691238)))
    (v128.store offset=176 (i32.const 0) (f64x2.splat (f64.const 1.9082149292705877e-10)))
    (v128.store offset=192 (i32.const 0) (f64x2.splat (f64.const 1)))
    (v128.store offset=208 (i32.const 0) (f64x2.splat (f64.const 0.11363636363636363)))
    (v128.store offset=224 (i32.const 0) (f64x2.splat (f64.const 0.0012626262626262627)))
    (v128.store offset=240 (i32.const 0) (f64x2.splat (f64.const 1.503126503126503e-06)))
    (v128.store offset=256 (i32.const 0) (f64x2.splat (f64.const 0.5)))
    (v128.store offset=272 (i32.const 0) (f64x2.splat (f64.const 0.015151515151515152)))
    (v128.store offset=288 (i32.const 0) (f64x2.splat (f64.const 6.313131313131313e-05)))
    (v128.store offset=384 (i32.const 0) (i64x2.splat (i64.const 1023)))
    (v128.store offset=400 (i32.const 0) (f64x2.splat (f64.const 6755399441055744)))
    ;; accumulate32's, one f32x4 each from byte 512: −80, 80, 1/ln2, the shift 1.5·2^23, ln2_hi, ln2_lo, 1, 1/2!, …,
    ;; 1/6!, the i32 bias 127.
    (v128.store offset=512 (i32.const 0) (f32x4.splat (f32.const -80)))
    (v128.store offset=528 (i32.const 0) (f32x4.splat (f32.const 80)))
    (v128.store offset=544 (i32.const 0) (f32x4.splat (f32.const 1.4426950408889634)))
    (v128.store offset=560 (i32.const 0) (f32x4.splat (f32.const 12582912)))
    (v128.store offset=576 (i32.const 0) (f32x4.splat (f32.const 0.693359375)))
    (v128.store offset=592 (i32.const 0) (f32x4.splat (f32.const -2.12194440e-4)))
    (v128.store offset=608 (i32.const 0) (f32x4.splat (f32.const 1)))
    (v128.store offset=624 (i32.const 0) (f32x4.splat (f32.const 0.5)))
    (v128.store offset=640 (i32.const 0) (f32x4.splat (f32.const 0.16666667)))
    (v128.store offset=656 (i32.const 0) (f32x4.splat (f32.const 0.041666668)))
    (v128.store offset=672 (i32.const 0) (f32x4.splat (f32.const 0.008333334)))
    (v128.store offset=688 (i32.const 0) (f32x4.splat (f32.const 0.0013888889)))
    (v128.store offset=704 (i32.const 0) (i32x4.splat (i32.const 127))))
  (func (export "accumulate")
    (param $n i32) (param $x0 f64) (param $r f64) (param $ym f64)
    (param $xo i32) (param $yo i32) (param $so i32) (param $fresh i32) (param $inside i32)
    (local $p i32) (local $q i32) (local $end i32)
    (local $t v128) (local $z v128) (local $kd v128) (local $k v128) (local $f v128) (local $f2 v128) (local $ev v128)
    (local $od v128) (local $den v128) (local $a v128) (local $w v128) (local $low v128) (local $s v128) (local $u v128)
    (local $cst v128)
    ;; x0, −r and ȳ as vectors at 416, 432, 448 (TurboFan would splat them anew in every step of the loop).
    (v128.store offset=416 (i32.const 0) (f64x2.splat (local.get $x0)))
    (v128.store offset=432 (i32.const 0) (f64x2.splat (f64.neg (local.get $r))))
    (v128.store offset=448 (i32.const 0) (f64x2.splat (local.get $ym)))
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    ;; Pass 1: per pair of points, s, u, u·t and yc into the scratch ($q walks it 64 bytes per pair), two pairs per
    ;; step (n is padded to a multiple of 4, so the second pair of the last step is always in memory).
    ;; $fresh = 0: the scratch already holds yc = y − ȳ for these y and this ȳ (the caller's word), so pass 1 leaves it.
    (if (local.get $fresh)
      (then
            (local.set $p (i32.const 0))
            (local.set $q (local.get $so))
            (block $done1
              (loop $next1
                (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $t (f64x2.sub (v128.load (i32.add (local.get $xo) (local.get $p))) (v128.load offset=416 (i32.const 0))))
                (local.set $z (f64x2.mul (v128.load offset=432 (i32.const 0)) (local.get $t)))
                ;; Below −300 the point counts as e = 0 (as in the JS loop: no subnormal products); the exponent is evaluated
                ;; at −300 there so 2^k stays a normal double, and masked out below.
                (local.set $cst (v128.load offset=128 (i32.const 0)))
                (local.set $low (f64x2.gt (local.get $z) (local.get $cst)))
                (local.set $z (f64x2.pmax (local.get $cst) (local.get $z)))
                ;; kd = z/ln2 + 1.5·2^52 (rounded to even), k = kd − 1.5·2^52; f = z − k·ln2_hi − k·ln2_lo
                (local.set $cst (v128.load offset=400 (i32.const 0)))
                (local.set $kd (f64x2.add (f64x2.mul (local.get $z) (v128.load offset=144 (i32.const 0))) (local.get $cst)))
                (local.set $k (f64x2.sub (local.get $kd) (local.get $cst)))
                (local.set $f
                  (f64x2.sub
                    (f64x2.sub (local.get $z) (f64x2.mul (local.get $k) (v128.load offset=160 (i32.const 0))))
                    (f64x2.mul (local.get $k) (v128.load offset=176 (i32.const 0)))))
                ;; e^f = (E + f·O)/(E − f·O), the [6/6] Padé approximant (E, O even polynomials of f² of degree 3 and 2); its
                ;; denominator joins the sigmoid's division: with a = 2^k·(E + f·O) and w = 1/((E − f·O) + a),
                ;; s = 1/(1 + e) = (E − f·O)·w and u = e·s² = (a·w)·s.
                (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
                (local.set $ev
                  (f64x2.add (v128.load offset=192 (i32.const 0))
                    (f64x2.mul (local.get $f2)
                      (f64x2.add (v128.load offset=208 (i32.const 0))
                        (f64x2.mul (local.get $f2)
                          (f64x2.add (v128.load offset=224 (i32.const 0))
                            (f64x2.mul (local.get $f2) (v128.load offset=240 (i32.const 0)))))))))
                (local.set $od
                  (f64x2.mul (local.get $f)
                    (f64x2.add (v128.load offset=256 (i32.const 0))
                      (f64x2.mul (local.get $f2)
                        (f64x2.add (v128.load offset=272 (i32.const 0))
                          (f64x2.mul (local.get $f2) (v128.load offset=288 (i32.const 0))))))))
                ;; a = 2^k·(E + f·O) = e·(E − f·O), 2^k from the bits (kd + 1023) << 52 (the shift's own bits fall off the
                ;; top); a = 0 below −300
                (local.set $a
                  (v128.and
                    (f64x2.mul (f64x2.add (local.get $ev) (local.get $od))
                      (i64x2.shl (i64x2.add (local.get $kd) (v128.load offset=384 (i32.const 0))) (i32.const 52)))
                    (local.get $low)))
                (local.set $den (f64x2.sub (local.get $ev) (local.get $od)))
                (local.set $w (f64x2.div (v128.load offset=192 (i32.const 0)) (f64x2.add (local.get $den) (local.get $a))))
                (local.set $s (f64x2.mul (local.get $den) (local.get $w)))
                (local.set $u (f64x2.mul (f64x2.mul (local.get $a) (local.get $w)) (local.get $s)))
                (v128.store offset=0 (local.get $q) (local.get $s))
                (v128.store offset=16 (local.get $q) (local.get $u))
                (v128.store offset=32 (local.get $q) (f64x2.mul (local.get $u) (local.get $t)))
                (v128.store offset=48 (local.get $q) (f64x2.sub (v128.load (i32.add (local.get $yo) (local.get $p))) (v128.load offset=448 (i32.const 0))))
                ;; The next pair (two per step: the loop's own instructions, ~10 per step, count once for both).
                (local.set $t (f64x2.sub (v128.load offset=16 (i32.add (local.get $xo) (local.get $p))) (v128.load offset=416 (i32.const 0))))
                (local.set $z (f64x2.mul (v128.load offset=432 (i32.const 0)) (local.get $t)))
                (local.set $cst (v128.load offset=128 (i32.const 0)))
                (local.set $low (f64x2.gt (local.get $z) (local.get $cst)))
                (local.set $z (f64x2.pmax (local.get $cst) (local.get $z)))
                (local.set $cst (v128.load offset=400 (i32.const 0)))
                (local.set $kd (f64x2.add (f64x2.mul (local.get $z) (v128.load offset=144 (i32.const 0))) (local.get $cst)))
                (local.set $k (f64x2.sub (local.get $kd) (local.get $cst)))
                (local.set $f
                  (f64x2.sub
                    (f64x2.sub (local.get $z) (f64x2.mul (local.get $k) (v128.load offset=160 (i32.const 0))))
                    (f64x2.mul (local.get $k) (v128.load offset=176 (i32.const 0)))))
                (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
                (local.set $ev
                  (f64x2.add (v128.load offset=192 (i32.const 0))
                    (f64x2.mul (local.get $f2)
                      (f64x2.add (v128.load offset=208 (i32.const 0))
                        (f64x2.mul (local.get $f2)
                          (f64x2.add (v128.load offset=224 (i32.const 0))
                            (f64x2.mul (local.get $f2) (v128.load offset=240 (i32.const 0)))))))))
                (local.set $od
                  (f64x2.mul (local.get $f)
                    (f64x2.add (v128.load offset=256 (i32.const 0))
                      (f64x2.mul (local.get $f2)
                        (f64x2.add (v128.load offset=272 (i32.const 0))
                          (f64x2.mul (local.get $f2) (v128.load offset=288 (i32.const 0))))))))
                (local.set $a
                  (v128.and
                    (f64x2.mul (f64x2.add (local.get $ev) (local.get $od))
                      (i64x2.shl (i64x2.add (local.get $kd) (v128.load offset=384 (i32.const 0))) (i32.const 52)))
                    (local.get $low)))
                (local.set $den (f64x2.sub (local.get $ev) (local.get $od)))
                (local.set $w (f64x2.div (v128.load offset=192 (i32.const 0)) (f64x2.add (local.get $den) (local.get $a))))
                (local.set $s (f64x2.mul (local.get $den) (local.get $w)))
                (local.set $u (f64x2.mul (f64x2.mul (local.get $a) (local.get $w)) (local.get $s)))
                (v128.store offset=64 (local.get $q) (local.get $s))
                (v128.store offset=80 (local.get $q) (local.get $u))
                (v128.store offset=96 (local.get $q) (f64x2.mul (local.get $u) (local.get $t)))
                (v128.store offset=112 (local.get $q) (f64x2.sub (v128.load offset=16 (i32.add (local.get $yo) (local.get $p))) (v128.load offset=448 (i32.const 0))))
                (local.set $p (i32.add (local.get $p) (i32.const 32)))
                (local.set $q (i32.add (local.get $q) (i32.const 128)))
                (br $next1)))
      )
      (else
        ;; $inside = 1: the caller has checked that every point's exponent is above −300 (it is lowest at the smallest or
        ;; the largest x, and the roundings of x − x0 and −r·t keep that order), so no point needs the mask and the
        ;; clamp: the same loop without them, the same bits (~8 % less time per evaluation in bench:kernel; most
        ;; evaluations of a fit are inside).
        (if (local.get $inside)
          (then
            (local.set $p (i32.const 0))
            (local.set $q (local.get $so))
            (block $done1u
              (loop $next1u
                (br_if $done1u (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $t (f64x2.sub (v128.load (i32.add (local.get $xo) (local.get $p))) (v128.load offset=416 (i32.const 0))))
                (local.set $z (f64x2.mul (v128.load offset=432 (i32.const 0)) (local.get $t)))
                (local.set $cst (v128.load offset=400 (i32.const 0)))
                (local.set $kd (f64x2.add (f64x2.mul (local.get $z) (v128.load offset=144 (i32.const 0))) (local.get $cst)))
                (local.set $k (f64x2.sub (local.get $kd) (local.get $cst)))
                (local.set $f
                  (f64x2.sub
                    (f64x2.sub (local.get $z) (f64x2.mul (local.get $k) (v128.load offset=160 (i32.const 0))))
                    (f64x2.mul (local.get $k) (v128.load offset=176 (i32.const 0)))))
                (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
                (local.set $ev
                  (f64x2.add (v128.load offset=192 (i32.const 0))
                    (f64x2.mul (local.get $f2)
                      (f64x2.add (v128.load offset=208 (i32.const 0))
                        (f64x2.mul (local.get $f2)
                          (f64x2.add (v128.load offset=224 (i32.const 0))
                            (f64x2.mul (local.get $f2) (v128.load offset=240 (i32.const 0)))))))))
                (local.set $od
                  (f64x2.mul (local.get $f)
                    (f64x2.add (v128.load offset=256 (i32.const 0))
                      (f64x2.mul (local.get $f2)
                        (f64x2.add (v128.load offset=272 (i32.const 0))
                          (f64x2.mul (local.get $f2) (v128.load offset=288 (i32.const 0))))))))
                (local.set $a
                  (f64x2.mul (f64x2.add (local.get $ev) (local.get $od))
                    (i64x2.shl (i64x2.add (local.get $kd) (v128.load offset=384 (i32.const 0))) (i32.const 52))))
                (local.set $den (f64x2.sub (local.get $ev) (local.get $od)))
                (local.set $w (f64x2.div (v128.load offset=192 (i32.const 0)) (f64x2.add (local.get $den) (local.get $a))))
                (local.set $s (f64x2.mul (local.get $den) (local.get $w)))
                (local.set $u (f64x2.mul (f64x2.mul (local.get $a) (local.get $w)) (local.get $s)))
                (v128.store offset=0 (local.get $q) (local.get $s))
                (v128.store offset=16 (local.get $q) (local.get $u))
                (v128.store offset=32 (local.get $q) (f64x2.mul (local.get $u) (local.get $t)))
                (local.set $t (f64x2.sub (v128.load offset=16 (i32.add (local.get $xo) (local.get $p))) (v128.load offset=416 (i32.const 0))))
                (local.set $z (f64x2.mul (v128.load offset=432 (i32.const 0)) (local.get $t)))
                (local.set $cst (v128.load offset=400 (i32.const 0)))
                (local.set $kd (f64x2.add (f64x2.mul (local.get $z) (v128.load offset=144 (i32.const 0))) (local.get $cst)))
                (local.set $k (f64x2.sub (local.get $kd) (local.get $cst)))
                (local.set $f
                  (f64x2.sub
                    (f64x2.sub (local.get $z) (f64x2.mul (local.get $k) (v128.load offset=160 (i32.const 0))))
                    (f64x2.mul (local.get $k) (v128.load offset=176 (i32.const 0)))))
                (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
                (local.set $ev
                  (f64x2.add (v128.load offset=192 (i32.const 0))
                    (f64x2.mul (local.get $f2)
                      (f64x2.add (v128.load offset=208 (i32.const 0))
                        (f64x2.mul (local.get $f2)
                          (f64x2.add (v128.load offset=224 (i32.const 0))
                            (f64x2.mul (local.get $f2) (v128.load offset=240 (i32.const 0)))))))))
                (local.set $od
                  (f64x2.mul (local.get $f)
                    (f64x2.add (v128.load offset=256 (i32.const 0))
                      (f64x2.mul (local.get $f2)
                        (f64x2.add (v128.load offset=272 (i32.const 0))
                          (f64x2.mul (local.get $f2) (v128.load offset=288 (i32.const 0))))))))
                (local.set $a
                  (f64x2.mul (f64x2.add (local.get $ev) (local.get $od))
                    (i64x2.shl (i64x2.add (local.get $kd) (v128.load offset=384 (i32.const 0))) (i32.const 52))))
                (local.set $den (f64x2.sub (local.get $ev) (local.get $od)))
                (local.set $w (f64x2.div (v128.load offset=192 (i32.const 0)) (f64x2.add (local.get $den) (local.get $a))))
                (local.set $s (f64x2.mul (local.get $den) (local.get $w)))
                (local.set $u (f64x2.mul (f64x2.mul (local.get $a) (local.get $w)) (local.get $s)))
                (v128.store offset=64 (local.get $q) (local.get $s))
                (v128.store offset=80 (local.get $q) (local.get $u))
                (v128.store offset=96 (local.get $q) (f64x2.mul (local.get $u) (local.get $t)))
                (local.set $p (i32.add (local.get $p) (i32.const 32)))
                (local.set $q (i32.add (local.get $q) (i32.const 128)))
                (br $next1u))))
          (else
            (local.set $p (i32.const 0))
            (local.set $q (local.get $so))
            (block $done1k
              (loop $next1k
                (br_if $done1k (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $t (f64x2.sub (v128.load (i32.add (local.get $xo) (local.get $p))) (v128.load offset=416 (i32.const 0))))
                (local.set $z (f64x2.mul (v128.load offset=432 (i32.const 0)) (local.get $t)))
                (local.set $cst (v128.load offset=128 (i32.const 0)))
                (local.set $low (f64x2.gt (local.get $z) (local.get $cst)))
                (local.set $z (f64x2.pmax (local.get $cst) (local.get $z)))
                (local.set $cst (v128.load offset=400 (i32.const 0)))
                (local.set $kd (f64x2.add (f64x2.mul (local.get $z) (v128.load offset=144 (i32.const 0))) (local.get $cst)))
                (local.set $k (f64x2.sub (local.get $kd) (local.get $cst)))
                (local.set $f
                  (f64x2.sub
                    (f64x2.sub (local.get $z) (f64x2.mul (local.get $k) (v128.load offset=160 (i32.const 0))))
                    (f64x2.mul (local.get $k) (v128.load offset=176 (i32.const 0)))))
                (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
                (local.set $ev
                  (f64x2.add (v128.load offset=192 (i32.const 0))
                    (f64x2.mul (local.get $f2)
                      (f64x2.add (v128.load offset=208 (i32.const 0))
                        (f64x2.mul (local.get $f2)
                          (f64x2.add (v128.load offset=224 (i32.const 0))
                            (f64x2.mul (local.get $f2) (v128.load offset=240 (i32.const 0)))))))))
                (local.set $od
                  (f64x2.mul (local.get $f)
                    (f64x2.add (v128.load offset=256 (i32.const 0))
                      (f64x2.mul (local.get $f2)
                        (f64x2.add (v128.load offset=272 (i32.const 0))
                          (f64x2.mul (local.get $f2) (v128.load offset=288 (i32.const 0))))))))
                (local.set $a
                  (v128.and
                    (f64x2.mul (f64x2.add (local.get $ev) (local.get $od))
                      (i64x2.shl (i64x2.add (local.get $kd) (v128.load offset=384 (i32.const 0))) (i32.const 52)))
                    (local.get $low)))
                (local.set $den (f64x2.sub (local.get $ev) (local.get $od)))
                (local.set $w (f64x2.div (v128.load offset=192 (i32.const 0)) (f64x2.add (local.get $den) (local.get $a))))
                (local.set $s (f64x2.mul (local.get $den) (local.get $w)))
                (local.set $u (f64x2.mul (f64x2.mul (local.get $a) (local.get $w)) (local.get $s)))
                (v128.store offset=0 (local.get $q) (local.get $s))
                (v128.store offset=16 (local.get $q) (local.get $u))
                (v128.store offset=32 (local.get $q) (f64x2.mul (local.get $u) (local.get $t)))
                (local.set $t (f64x2.sub (v128.load offset=16 (i32.add (local.get $xo) (local.get $p))) (v128.load offset=416 (i32.const 0))))
                (local.set $z (f64x2.mul (v128.load offset=432 (i32.const 0)) (local.get $t)))
                (local.set $cst (v128.load offset=128 (i32.const 0)))
                (local.set $low (f64x2.gt (local.get $z) (local.get $cst)))
                (local.set $z (f64x2.pmax (local.get $cst) (local.get $z)))
                (local.set $cst (v128.load offset=400 (i32.const 0)))
                (local.set $kd (f64x2.add (f64x2.mul (local.get $z) (v128.load offset=144 (i32.const 0))) (local.get $cst)))
                (local.set $k (f64x2.sub (local.get $kd) (local.get $cst)))
                (local.set $f
                  (f64x2.sub
                    (f64x2.sub (local.get $z) (f64x2.mul (local.get $k) (v128.load offset=160 (i32.const 0))))
                    (f64x2.mul (local.get $k) (v128.load offset=176 (i32.const 0)))))
                (local.set $f2 (f64x2.mul (local.get $f) (local.get $f)))
                (local.set $ev
                  (f64x2.add (v128.load offset=192 (i32.const 0))
                    (f64x2.mul (local.get $f2)
                      (f64x2.add (v128.load offset=208 (i32.const 0))
                        (f64x2.mul (local.get $f2)
                          (f64x2.add (v128.load offset=224 (i32.const 0))
                            (f64x2.mul (local.get $f2) (v128.load offset=240 (i32.const 0)))))))))
                (local.set $od
                  (f64x2.mul (local.get $f)
                    (f64x2.add (v128.load offset=256 (i32.const 0))
                      (f64x2.mul (local.get $f2)
                        (f64x2.add (v128.load offset=272 (i32.const 0))
                          (f64x2.mul (local.get $f2) (v128.load offset=288 (i32.const 0))))))))
                (local.set $a
                  (v128.and
                    (f64x2.mul (f64x2.add (local.get $ev) (local.get $od))
                      (i64x2.shl (i64x2.add (local.get $kd) (v128.load offset=384 (i32.const 0))) (i32.const 52)))
                    (local.get $low)))
                (local.set $den (f64x2.sub (local.get $ev) (local.get $od)))
                (local.set $w (f64x2.div (v128.load offset=192 (i32.const 0)) (f64x2.add (local.get $den) (local.get $a))))
                (local.set $s (f64x2.mul (local.get $den) (local.get $w)))
                (local.set $u (f64x2.mul (f64x2.mul (local.get $a) (local.get $w)) (local.get $s)))
                (v128.store offset=64 (local.get $q) (local.get $s))
                (v128.store offset=80 (local.get $q) (local.get $u))
                (v128.store offset=96 (local.get $q) (f64x2.mul (local.get $u) (local.get $t)))
                (local.set $p (i32.add (local.get $p) (i32.const 32)))
                (local.set $q (i32.add (local.get $q) (i32.const 128)))
                (br $next1k)))))
      ))
    ;; The scratch's end after ⌈n/2⌉ pairs (a step past it evaluated one pair of padding, which no sum reads).
    (local.set $q (i32.add (local.get $so) (i32.shl (i32.shr_u (i32.add (local.get $n) (i32.const 1)) (i32.const 1)) (i32.const 6))))
    ;; An odd n: the second lane of the last pair is padding; zeros add nothing to any sum.
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (f64.store offset=8 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))
        (f64.store offset=24 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))
        (f64.store offset=40 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))
        (f64.store offset=56 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))))
    (local.set $end (local.get $q))
    (call $sums (local.get $so) (local.get $end)))
  ;; Passes 2 and 3 of both accumulates over the scratch [$so, $end): six sums each, stored at byte 0.
  (func $sums (param $so i32) (param $end i32)
    (local $q i32) (local $s v128) (local $u v128) (local $ut v128) (local $yc v128)
    (local $s1 v128) (local $s2 v128) (local $sy v128) (local $uu v128) (local $us v128) (local $uy v128)
    (local $u2 v128) (local $tu v128) (local $ts v128) (local $ty v128) (local $tu2 v128) (local $tt2 v128)
    ;; Pass 2: Σs, Σs², Σs·yc, Σu, Σu·s, Σu·yc: two pairs per step while two are left (each sum still adds the pairs in order), then the last one.
    (local.set $q (local.get $so))
    (block $done2
      (loop $next2
        (br_if $done2 (i32.gt_u (i32.add (local.get $q) (i32.const 128)) (local.get $end)))
        (local.set $s (v128.load offset=0 (local.get $q)))
        (local.set $u (v128.load offset=16 (local.get $q)))
        (local.set $yc (v128.load offset=48 (local.get $q)))
        (local.set $s1 (f64x2.add (local.get $s1) (local.get $s)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $s) (local.get $s))))
        (local.set $sy (f64x2.add (local.get $sy) (f64x2.mul (local.get $s) (local.get $yc))))
        (local.set $uu (f64x2.add (local.get $uu) (local.get $u)))
        (local.set $us (f64x2.add (local.get $us) (f64x2.mul (local.get $u) (local.get $s))))
        (local.set $uy (f64x2.add (local.get $uy) (f64x2.mul (local.get $u) (local.get $yc))))
        (local.set $s (v128.load offset=64 (local.get $q)))
        (local.set $u (v128.load offset=80 (local.get $q)))
        (local.set $yc (v128.load offset=112 (local.get $q)))
        (local.set $s1 (f64x2.add (local.get $s1) (local.get $s)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $s) (local.get $s))))
        (local.set $sy (f64x2.add (local.get $sy) (f64x2.mul (local.get $s) (local.get $yc))))
        (local.set $uu (f64x2.add (local.get $uu) (local.get $u)))
        (local.set $us (f64x2.add (local.get $us) (f64x2.mul (local.get $u) (local.get $s))))
        (local.set $uy (f64x2.add (local.get $uy) (f64x2.mul (local.get $u) (local.get $yc))))
        (local.set $q (i32.add (local.get $q) (i32.const 128)))
        (br $next2)))
    (if (i32.lt_u (local.get $q) (local.get $end))
      (then
        (local.set $s (v128.load offset=0 (local.get $q)))
        (local.set $u (v128.load offset=16 (local.get $q)))
        (local.set $yc (v128.load offset=48 (local.get $q)))
        (local.set $s1 (f64x2.add (local.get $s1) (local.get $s)))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $s) (local.get $s))))
        (local.set $sy (f64x2.add (local.get $sy) (f64x2.mul (local.get $s) (local.get $yc))))
        (local.set $uu (f64x2.add (local.get $uu) (local.get $u)))
        (local.set $us (f64x2.add (local.get $us) (f64x2.mul (local.get $u) (local.get $s))))
        (local.set $uy (f64x2.add (local.get $uy) (f64x2.mul (local.get $u) (local.get $yc))))
))
    ;; Pass 3: Σu², Σu·t, Σu·t·s, Σu·t·yc, Σu·t·u, Σ(u·t)²: two pairs per step while two are left (each sum still adds the pairs in order), then the last one.
    (local.set $q (local.get $so))
    (block $done3
      (loop $next3
        (br_if $done3 (i32.gt_u (i32.add (local.get $q) (i32.const 128)) (local.get $end)))
        (local.set $s (v128.load offset=0 (local.get $q)))
        (local.set $u (v128.load offset=16 (local.get $q)))
        (local.set $ut (v128.load offset=32 (local.get $q)))
        (local.set $yc (v128.load offset=48 (local.get $q)))
        (local.set $u2 (f64x2.add (local.get $u2) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $tu (f64x2.add (local.get $tu) (local.get $ut)))
        (local.set $ts (f64x2.add (local.get $ts) (f64x2.mul (local.get $ut) (local.get $s))))
        (local.set $ty (f64x2.add (local.get $ty) (f64x2.mul (local.get $ut) (local.get $yc))))
        (local.set $tu2 (f64x2.add (local.get $tu2) (f64x2.mul (local.get $ut) (local.get $u))))
        (local.set $tt2 (f64x2.add (local.get $tt2) (f64x2.mul (local.get $ut) (local.get $ut))))
        (local.set $s (v128.load offset=64 (local.get $q)))
        (local.set $u (v128.load offset=80 (local.get $q)))
        (local.set $ut (v128.load offset=96 (local.get $q)))
        (local.set $yc (v128.load offset=112 (local.get $q)))
        (local.set $u2 (f64x2.add (local.get $u2) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $tu (f64x2.add (local.get $tu) (local.get $ut)))
        (local.set $ts (f64x2.add (local.get $ts) (f64x2.mul (local.get $ut) (local.get $s))))
        (local.set $ty (f64x2.add (local.get $ty) (f64x2.mul (local.get $ut) (local.get $yc))))
        (local.set $tu2 (f64x2.add (local.get $tu2) (f64x2.mul (local.get $ut) (local.get $u))))
        (local.set $tt2 (f64x2.add (local.get $tt2) (f64x2.mul (local.get $ut) (local.get $ut))))
        (local.set $q (i32.add (local.get $q) (i32.const 128)))
        (br $next3)))
    (if (i32.lt_u (local.get $q) (local.get $end))
      (then
        (local.set $s (v128.load offset=0 (local.get $q)))
        (local.set $u (v128.load offset=16 (local.get $q)))
        (local.set $ut (v128.load offset=32 (local.get $q)))
        (local.set $yc (v128.load offset=48 (local.get $q)))
        (local.set $u2 (f64x2.add (local.get $u2) (f64x2.mul (local.get $u) (local.get $u))))
        (local.set $tu (f64x2.add (local.get $tu) (local.get $ut)))
        (local.set $ts (f64x2.add (local.get $ts) (f64x2.mul (local.get $ut) (local.get $s))))
        (local.set $ty (f64x2.add (local.get $ty) (f64x2.mul (local.get $ut) (local.get $yc))))
        (local.set $tu2 (f64x2.add (local.get $tu2) (f64x2.mul (local.get $ut) (local.get $u))))
        (local.set $tt2 (f64x2.add (local.get $tt2) (f64x2.mul (local.get $ut) (local.get $ut))))
))
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
    (f64.store offset=88 (i32.const 0) (f64.add (f64x2.extract_lane 0 (local.get $tt2)) (f64x2.extract_lane 1 (local.get $tt2)))))
;; x as float32 for accumulate32: n (a multiple of 4) values from $xo (f64) to $xo32, rounded to nearest as
  ;; Math.fround rounds (a JS loop over the wasm memory took ~2 µs for 500 points, this ~0.1).
  (func (export "demote") (param $n i32) (param $xo i32) (param $xo32 i32)
    (local $p i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (v128.store (i32.add (local.get $xo32) (local.get $p))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (v128.load (i32.add (local.get $xo) (i32.shl (local.get $p) (i32.const 1)))))
            (f32x4.demote_f64x2_zero (v128.load offset=16 (i32.add (local.get $xo) (i32.shl (local.get $p) (i32.const 1)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next))))
  ;; accumulate32: accumulate with pass 1 in f32x4 lanes (four points per step) for the approach phase of a fit, where
  ;; f32's ~1e-7 relative error in s, u and u·t is far below the cost changes LM acts on; the sums stay f64 (passes
  ;; 2 and 3 are the same as accumulate's). x is read from its float32 copy at $xo32 (n padded to a multiple of 4);
  ;; the exponent is clamped to [−80, 80] (f32 overflows above 88): beyond it s is below 2e-35 or e below 2e-35, and
  ;; e is taken as 0 below −80 as the f64 pass does below −300.
  (func (export "accumulate32")
    (param $n i32) (param $x0 f64) (param $r f64) (param $ym f64)
    (param $xo32 i32) (param $yo i32) (param $so i32)
    (local $p i32) (local $q i32) (local $end i32) (local $yp i32)
    (local $t v128) (local $z v128) (local $kd v128) (local $k v128) (local $f v128) (local $f2 v128)
    (local $a v128) (local $b v128) (local $e v128) (local $low v128) (local $s v128) (local $u v128) (local $ut v128)
    (v128.store offset=448 (i32.const 0) (f64x2.splat (local.get $ym)))
    (v128.store offset=464 (i32.const 0) (f32x4.splat (f32.demote_f64 (local.get $x0))))
    (v128.store offset=480 (i32.const 0) (f32x4.splat (f32.demote_f64 (f64.neg (local.get $r)))))
    ;; quads of points: 16 bytes of x32 per quad, 128 bytes of scratch (two pairs) per quad
    (local.set $end (i32.shl (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)) (i32.const 2)))
    (local.set $p (i32.const 0))
    (local.set $q (local.get $so))
    (local.set $yp (local.get $yo))
    (block $done1
      (loop $next1
        (br_if $done1 (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $t (f32x4.sub (v128.load (i32.add (local.get $xo32) (local.get $p))) (v128.load offset=464 (i32.const 0))))
        (local.set $z (f32x4.mul (v128.load offset=480 (i32.const 0)) (local.get $t)))
        (local.set $low (f32x4.gt (local.get $z) (v128.load offset=512 (i32.const 0))))
        (local.set $z (f32x4.pmin (v128.load offset=528 (i32.const 0)) (f32x4.pmax (v128.load offset=512 (i32.const 0)) (local.get $z))))
        (local.set $kd (f32x4.add (f32x4.mul (local.get $z) (v128.load offset=544 (i32.const 0))) (v128.load offset=560 (i32.const 0))))
        (local.set $k (f32x4.sub (local.get $kd) (v128.load offset=560 (i32.const 0))))
        (local.set $f
          (f32x4.sub
            (f32x4.sub (local.get $z) (f32x4.mul (local.get $k) (v128.load offset=576 (i32.const 0))))
            (f32x4.mul (local.get $k) (v128.load offset=592 (i32.const 0)))))
        ;; e^f = 1 + f + f²(1/2 + f/6) + f⁴(1/24 + f/120 + f²/720) (|f| ≤ ln2/2: truncation < 6e-8)
        (local.set $f2 (f32x4.mul (local.get $f) (local.get $f)))
        (local.set $a (f32x4.add (f32x4.add (v128.load offset=608 (i32.const 0)) (local.get $f))
          (f32x4.mul (f32x4.add (v128.load offset=624 (i32.const 0)) (f32x4.mul (v128.load offset=640 (i32.const 0)) (local.get $f))) (local.get $f2))))
        (local.set $b (f32x4.add (f32x4.add (v128.load offset=656 (i32.const 0)) (f32x4.mul (v128.load offset=672 (i32.const 0)) (local.get $f)))
          (f32x4.mul (v128.load offset=688 (i32.const 0)) (local.get $f2))))
        (local.set $e
          (f32x4.mul (f32x4.add (local.get $a) (f32x4.mul (local.get $b) (f32x4.mul (local.get $f2) (local.get $f2))))
            (i32x4.shl (i32x4.add (local.get $kd) (v128.load offset=704 (i32.const 0))) (i32.const 23))))
        (local.set $e (v128.and (local.get $e) (local.get $low)))
        (local.set $s (f32x4.div (v128.load offset=608 (i32.const 0)) (f32x4.add (v128.load offset=608 (i32.const 0)) (local.get $e))))
        (local.set $u (f32x4.mul (f32x4.mul (local.get $e) (local.get $s)) (local.get $s)))
        (local.set $ut (f32x4.mul (local.get $u) (local.get $t)))
        ;; two pairs' records as f64, as pass 1 of accumulate writes them
        (v128.store offset=0 (local.get $q) (f64x2.promote_low_f32x4 (local.get $s)))
        (v128.store offset=16 (local.get $q) (f64x2.promote_low_f32x4 (local.get $u)))
        (v128.store offset=32 (local.get $q) (f64x2.promote_low_f32x4 (local.get $ut)))
        (v128.store offset=48 (local.get $q) (f64x2.sub (v128.load (local.get $yp)) (v128.load offset=448 (i32.const 0))))
        (v128.store offset=64 (local.get $q)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s))))
        (v128.store offset=80 (local.get $q)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $u) (local.get $u))))
        (v128.store offset=96 (local.get $q)
          (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ut) (local.get $ut))))
        (v128.store offset=112 (local.get $q) (f64x2.sub (v128.load offset=16 (local.get $yp)) (v128.load offset=448 (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $q (i32.add (local.get $q) (i32.const 128)))
        (local.set $yp (i32.add (local.get $yp) (i32.const 32)))
        (br $next1)))
    ;; The pairs of the n points (the quad loop may have written one more); an odd n's padding lane adds zeros.
    (local.set $q (i32.add (local.get $so) (i32.shl (i32.shr_u (i32.add (local.get $n) (i32.const 1)) (i32.const 1)) (i32.const 6))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (f64.store offset=8 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))
        (f64.store offset=24 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))
        (f64.store offset=40 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))
        (f64.store offset=56 (i32.sub (local.get $q) (i32.const 64)) (f64.const 0))))
    (call $sums (local.get $so) (local.get $q)))
  ;; The step start's threshold scan (step-scan.ts, StepScanner.scan) on the x and y last copied in: the same
  ;; operations in the same order, so the same split to the bit. x is sorted by a counting sort into n buckets over
  ;; [lo, hi] (the caller's exact range of x) and an insertion sort of the nearly sorted result; then every split
  ;; between distinct x values is scored by the residual sum of squares of the best two-level step. Scratch (from
  ;; $so): sorted x (8n bytes), order (4n), bucket (4n), counts (4n + 4), within the 32 bytes per point set aside.
  ;; Returns the best split's index k (0: none) and stores its sum of squares at byte 0, Σ(y − ȳ)² at byte 8, and ȳ,
  ;; Σ(y − c), Σ(y − c)² at 16, 24, 32 (for the caller to pass back while y is unchanged).
  (func (export "stepscan")
    (param $n i32) (param $lo f64) (param $hi f64) (param $free i32) (param $xo i32) (param $yo i32) (param $so i32)
    (param $known i32) (param $mean0 f64) (param $total0 f64) (param $total20 f64) (param $ss0 f64)
    (result i32)
    (local $i i32) (local $j i32) (local $b i32) (local $pos i32) (local $o i32)
    (local $xs i32) (local $ord i32) (local $bk i32) (local $cnt i32)
    (local $scale f64) (local $v f64) (local $mean f64) (local $c f64) (local $total f64) (local $total2 f64)
    (local $ss f64) (local $left f64) (local $right f64) (local $sse f64) (local $best f64) (local $bestK i32)
    (local $nf f64) (local $yi f64)
    (local.set $xs (local.get $so))
    (local.set $ord (i32.add (local.get $so) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $bk (i32.add (local.get $ord) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $cnt (i32.add (local.get $bk) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $nf (f64.convert_i32_s (local.get $n)))
    (local.set $scale
      (select
        (f64.div (f64.convert_i32_s (i32.sub (local.get $n) (i32.const 1))) (f64.sub (local.get $hi) (local.get $lo)))
        (f64.const 0)
        (f64.gt (local.get $hi) (local.get $lo))))
    ;; counts[0 … n] = 0
    (local.set $i (i32.const 0))
    (block $d0 (loop $l0
      (br_if $d0 (i32.gt_s (local.get $i) (local.get $n)))
      (i32.store (i32.add (local.get $cnt) (i32.shl (local.get $i) (i32.const 2))) (i32.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l0)))
    ;; bucket[i] = trunc((x[i] − lo)·scale); counts[bucket + 1]++
    (local.set $i (i32.const 0))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $b (i32.trunc_sat_f64_s
        (f64.mul (f64.sub (f64.load (i32.add (local.get $xo) (i32.shl (local.get $i) (i32.const 3)))) (local.get $lo))
          (local.get $scale))))
      (i32.store (i32.add (local.get $bk) (i32.shl (local.get $i) (i32.const 2))) (local.get $b))
      (local.set $pos (i32.add (local.get $cnt) (i32.shl (i32.add (local.get $b) (i32.const 1)) (i32.const 2))))
      (i32.store (local.get $pos) (i32.add (i32.load (local.get $pos)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1)))
    ;; prefix sums: counts[b + 1] += counts[b]
    (local.set $i (i32.const 0))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $pos (i32.add (local.get $cnt) (i32.shl (local.get $i) (i32.const 2))))
      (i32.store offset=4 (local.get $pos) (i32.add (i32.load offset=4 (local.get $pos)) (i32.load (local.get $pos))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l2)))
    ;; scatter: pos = counts[bucket[i]]++; order[pos] = i; xs[pos] = x[i]
    (local.set $i (i32.const 0))
    (block $d3 (loop $l3
      (br_if $d3 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $b (i32.add (local.get $cnt)
        (i32.shl (i32.load (i32.add (local.get $bk) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
      (local.set $pos (i32.load (local.get $b)))
      (i32.store (local.get $b) (i32.add (local.get $pos) (i32.const 1)))
      (i32.store (i32.add (local.get $ord) (i32.shl (local.get $pos) (i32.const 2))) (local.get $i))
      (f64.store (i32.add (local.get $xs) (i32.shl (local.get $pos) (i32.const 3)))
        (f64.load (i32.add (local.get $xo) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l3)))
    ;; insertion sort of the nearly sorted (xs, order)
    (local.set $i (i32.const 1))
    (block $d4 (loop $l4
      (br_if $d4 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $v (f64.load (i32.add (local.get $xs) (i32.shl (local.get $i) (i32.const 3)))))
      (if (f64.gt (f64.load (i32.add (local.get $xs) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 3))))
            (local.get $v))
        (then
          (local.set $o (i32.load (i32.add (local.get $ord) (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $j (i32.sub (local.get $i) (i32.const 1)))
          (block $d5 (loop $l5
            (br_if $d5 (i32.lt_s (local.get $j) (i32.const 0)))
            (br_if $d5 (i32.eqz (f64.gt (f64.load (i32.add (local.get $xs) (i32.shl (local.get $j) (i32.const 3))))
              (local.get $v))))
            (f64.store offset=8 (i32.add (local.get $xs) (i32.shl (local.get $j) (i32.const 3)))
              (f64.load (i32.add (local.get $xs) (i32.shl (local.get $j) (i32.const 3)))))
            (i32.store offset=4 (i32.add (local.get $ord) (i32.shl (local.get $j) (i32.const 2)))
              (i32.load (i32.add (local.get $ord) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $l5)))
          (f64.store offset=8 (i32.add (local.get $xs) (i32.shl (local.get $j) (i32.const 3))) (local.get $v))
          (i32.store offset=4 (i32.add (local.get $ord) (i32.shl (local.get $j) (i32.const 2))) (local.get $o))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l4)))
    ;; mean of y; the sums of y − c (c = ȳ with a free left level, else 0) and Σ(y − ȳ)²: given ($known, the same
    ;; values a previous scan of these y stored at bytes 16–40 and 8) or summed here
    (if (local.get $known)
      (then
        (local.set $mean (local.get $mean0))
        (local.set $total (local.get $total0))
        (local.set $total2 (local.get $total20))
        (local.set $ss (local.get $ss0)))
      (else
        (local.set $i (i32.const 0))
        (block $d6 (loop $l6
          (br_if $d6 (i32.ge_s (local.get $i) (local.get $n)))
          (local.set $mean (f64.add (local.get $mean) (f64.load (i32.add (local.get $yo) (i32.shl (local.get $i) (i32.const 3))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l6)))
        (local.set $mean (f64.div (local.get $mean) (local.get $nf)))
        (local.set $c (select (local.get $mean) (f64.const 0) (local.get $free)))
        (local.set $i (i32.const 0))
        (block $d7 (loop $l7
          (br_if $d7 (i32.ge_s (local.get $i) (local.get $n)))
          (local.set $yi (f64.load (i32.add (local.get $yo) (i32.shl (local.get $i) (i32.const 3)))))
          (local.set $v (f64.sub (local.get $yi) (local.get $c)))
          (local.set $total (f64.add (local.get $total) (local.get $v)))
          (local.set $total2 (f64.add (local.get $total2) (f64.mul (local.get $v) (local.get $v))))
          (local.set $ss (f64.add (local.get $ss)
            (f64.mul (f64.sub (local.get $yi) (local.get $mean)) (f64.sub (local.get $yi) (local.get $mean)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l7)))
        ))
    (local.set $c (select (local.get $mean) (f64.const 0) (local.get $free)))
    ;; every split k between distinct x values: sse = total2 − left²/k − right²/(n − k) (left level free) or
    ;; total2 − right²/(n − k) (left level 0)
    (local.set $best (f64.const inf))
    (local.set $i (i32.const 1))
    (block $d8 (loop $l8
      (br_if $d8 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $left (f64.add (local.get $left)
        (f64.sub
          (f64.load (i32.add (local.get $yo)
            (i32.shl (i32.load (i32.add (local.get $ord) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2))))
              (i32.const 3))))
          (local.get $c))))
      (if (f64.ne (f64.load (i32.add (local.get $xs) (i32.shl (local.get $i) (i32.const 3))))
            (f64.load (i32.add (local.get $xs) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 3)))))
        (then
          (local.set $right (f64.sub (local.get $total) (local.get $left)))
          (local.set $sse
            (if (result f64) (local.get $free)
              (then
                (f64.sub
                  (f64.sub (local.get $total2)
                    (f64.div (f64.mul (local.get $left) (local.get $left)) (f64.convert_i32_s (local.get $i))))
                  (f64.div (f64.mul (local.get $right) (local.get $right))
                    (f64.convert_i32_s (i32.sub (local.get $n) (local.get $i))))))
              (else
                (f64.sub (local.get $total2)
                  (f64.div (f64.mul (local.get $right) (local.get $right))
                    (f64.convert_i32_s (i32.sub (local.get $n) (local.get $i))))))))
          (if (f64.lt (local.get $sse) (local.get $best))
            (then
              (local.set $best (local.get $sse))
              (local.set $bestK (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l8)))
    (f64.store offset=0 (i32.const 0) (local.get $best))
    (f64.store offset=8 (i32.const 0) (local.get $ss))
    (f64.store offset=16 (i32.const 0) (local.get $mean))
    (f64.store offset=24 (i32.const 0) (local.get $total))
    (f64.store offset=32 (i32.const 0) (local.get $total2))
    (local.get $bestK)))
