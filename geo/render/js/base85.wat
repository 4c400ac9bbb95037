;; frontline's base85 decoder, the WebAssembly module js/boot.js decodes its data with.
;;
;; Why WebAssembly: boot.js's JavaScript loop runs mostly before the JIT has optimised it
;; (several ms for a page's blocks); this code runs at full speed from its first call.
;; boot.js carries the assembled module in base85 (var WASM) and falls back to its
;; JavaScript loop wherever WebAssembly cannot run (none, or a page policy against it).
;; scripts/build_wasm.py assembles this file (wasmtime's wat2wasm, names dropped) and
;; writes that line; tests/test_render_assets.py checks boot.js carries exactly it.
;;
;; Memory "m" (1 page, grown by boot.js): bytes 0-255 hold each character's digit value
;; (255: not a digit, set by boot.js), and from byte 256 the n groups of 5 digits. d(n)
;; writes each group's 4 bytes from byte 256, in place (byte 4k is written after digit 5k
;; is read), and returns 128 if a character was not a digit, 1 if a group was worth 2^32
;; or more, both (129) or 0.
(module
  (memory (export "m") 1)
  (func (export "d") (param $n i32) (result i32)
    (local $i i32)     ;; the next digit
    (local $o i32)     ;; the next byte written
    (local $end i32)   ;; 256 + 5 n
    (local $bad i32)   ;; every digit value or'ed: bit 7 set by a non-digit (255)
    (local $big i32)   ;; every group's bits above 32 or'ed
    (local $acc i64)   ;; the group's value
    (local $v i32)     ;; one digit's value
    i32.const 256
    local.tee $i
    local.set $o
    local.get $n
    i32.const 5
    i32.mul
    i32.const 256
    i32.add
    local.set $end
    block $done
      loop $group
        local.get $i
        local.get $end
        i32.ge_u
        br_if $done
        ;; digit 0: acc = v
        local.get $i
        i32.load8_u offset=0
        i32.load8_u
        local.tee $v
        local.get $bad
        i32.or
        local.set $bad
        local.get $v
        i64.extend_i32_u
        local.set $acc
        ;; digits 1-4: acc = acc * 85 + v
        local.get $i
        i32.load8_u offset=1
        i32.load8_u
        local.tee $v
        local.get $bad
        i32.or
        local.set $bad
        local.get $acc
        i64.const 85
        i64.mul
        local.get $v
        i64.extend_i32_u
        i64.add
        local.set $acc
        local.get $i
        i32.load8_u offset=2
        i32.load8_u
        local.tee $v
        local.get $bad
        i32.or
        local.set $bad
        local.get $acc
        i64.const 85
        i64.mul
        local.get $v
        i64.extend_i32_u
        i64.add
        local.set $acc
        local.get $i
        i32.load8_u offset=3
        i32.load8_u
        local.tee $v
        local.get $bad
        i32.or
        local.set $bad
        local.get $acc
        i64.const 85
        i64.mul
        local.get $v
        i64.extend_i32_u
        i64.add
        local.set $acc
        local.get $i
        i32.load8_u offset=4
        i32.load8_u
        local.tee $v
        local.get $bad
        i32.or
        local.set $bad
        local.get $acc
        i64.const 85
        i64.mul
        local.get $v
        i64.extend_i32_u
        i64.add
        local.set $acc
        ;; big |= acc >> 32 (a group of five digits reaches 85^5 - 1 > 2^32)
        local.get $big
        local.get $acc
        i64.const 32
        i64.shr_u
        i32.wrap_i64
        i32.or
        local.set $big
        ;; the word, big-endian: bytes o .. o + 3
        local.get $o
        local.get $acc
        i64.const 24
        i64.shr_u
        i64.store8 offset=0
        local.get $o
        local.get $acc
        i64.const 16
        i64.shr_u
        i64.store8 offset=1
        local.get $o
        local.get $acc
        i64.const 8
        i64.shr_u
        i64.store8 offset=2
        local.get $o
        local.get $acc
        i64.const 0
        i64.shr_u
        i64.store8 offset=3
        local.get $i
        i32.const 5
        i32.add
        local.set $i
        local.get $o
        i32.const 4
        i32.add
        local.set $o
        br $group
      end
    end
    ;; (bad & 128) | (big != 0)
    local.get $bad
    i32.const 128
    i32.and
    local.get $big
    i32.const 0
    i32.ne
    i32.or))
