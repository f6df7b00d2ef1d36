package io.tracelot.allocator;

import io.tracelot.allocator.SkuBook.Holding;
import io.tracelot.allocator.SkuBook.Lot;
import io.tracelot.allocator.SkuBook.Site;
import io.tracelot.allocator.SkuBook.Stock;
import io.tracelot.allocator.SkuBook.Unit;
import io.tracelot.allocator.SkuBook.Waiting;
import io.tracelot.allocator.model.OrderLine;
import io.tracelot.allocator.model.Policy;
import io.tracelot.allocator.model.Sku;
import io.tracelot.allocator.model.Tracking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a {@link SkuBook}: magic "TLBK", a format version, then lots, stock per
 * warehouse, backorder queues, serial units and holdings. Stock refers to lots by position, and
 * serial stock is rebuilt from the units, so nothing is stored twice.
 */
final class SkuBookCodec {
  static final int MAGIC = 0x544C424B; // "TLBK"
  static final byte VERSION = 1;

  private SkuBookCodec() {}

  static byte[] encode(SkuBook book) {
    Out o = new Out(256 + book.lots.size() * 48 + book.units.size() * 40);
    o.int32(MAGIC);
    o.u8(VERSION);
    Sku sku = book.sku;
    o.str(sku.sku());
    o.u8(sku.tracking().ordinal());
    o.u8(sku.policy().ordinal());
    o.nstr(sku.description());
    o.str(sku.unit());

    Map<Lot, Integer> lotIndex = new HashMap<>(book.lots.size() * 2);
    o.varint(book.lots.size());
    for (Lot lot : book.lots.values()) {
      lotIndex.put(lot, lotIndex.size());
      o.str(lot.code);
      o.int64(lot.ageTs);
      o.int32(lot.expiry);
      o.u8(lot.held ? 1 : 0);
    }
    o.varint(book.sites.size());
    for (Site s : book.sites.values()) {
      o.str(s.warehouse);
      if (book.serialTracked()) {
        o.varint(0);
      } else {
        o.varint(s.stock.size());
        for (Map.Entry<Lot, Stock> e : s.stock.entrySet()) {
          o.varint(lotIndex.get(e.getKey()));
          o.varlong(e.getValue().qty);
        }
      }
      o.varint(s.queue.size());
      for (Waiting w : s.queue) {
        OrderLine l = w.line;
        o.str(l.orderId());
        o.int64(l.line());
        o.int64(l.ts());
        o.str(l.customer());
        o.varlong(l.qty());
        o.int32(l.shipDate());
        o.int32(l.minShelfDays());
        o.int32(l.priority());
        o.varlong(w.open);
      }
    }
    o.varint(book.units.size());
    for (Unit u : book.units.values()) {
      o.str(u.serial);
      o.varint(lotIndex.get(book.lots.get(u.lot)));
      o.nstr(u.warehouse);
      o.int64(u.enteredTs);
      o.nstr(u.customer);
    }
    o.varint(book.holdings.size());
    for (Map.Entry<Holding, Long> h : book.holdings.entrySet()) {
      o.varint(lotIndex.get(book.lots.get(h.getKey().lot())));
      o.str(h.getKey().customer());
      o.varlong(h.getValue());
    }
    return o.toByteArray();
  }

  static SkuBook decode(byte[] bytes) {
    In in = new In(bytes);
    try {
      int magic = in.int32();
      if (magic != MAGIC) {
        throw new IllegalStateException("not a Tracelot sku book (magic " + Integer.toHexString(magic) + ")");
      }
      int version = in.u8();
      if (version > VERSION) {
        throw new IllegalStateException("sku book format " + version + " is too new: this build reads up to " + VERSION);
      }
      if (version < VERSION) {
        throw new IllegalStateException("sku book format " + version + " is too old: this build reads " + VERSION);
      }
      String skuId = in.str();
      Tracking tracking = Tracking.values()[in.u8()];
      Policy policy = Policy.values()[in.u8()];
      String description = in.nstr();
      String unit = in.str();
      SkuBook book = SkuBook.create(new Sku(skuId, tracking, policy, description, unit));

      int nLots = in.varint();
      Lot[] lots = new Lot[nLots];
      for (int i = 0; i < nLots; i++) {
        Lot lot = new Lot(in.str());
        lot.ageTs = in.int64();
        lot.expiry = in.int32();
        lot.held = in.u8() != 0;
        lots[i] = lot;
        book.lots.put(lot.code, lot);
      }
      int nSites = in.varint();
      for (int i = 0; i < nSites; i++) {
        Site s = book.site(in.str());
        int nStock = in.varint();
        for (int j = 0; j < nStock; j++) {
          Lot lot = lots[in.varint()];
          s.stockOrCreate(lot, false).qty = in.varlong();
        }
        int nWaiting = in.varint();
        for (int j = 0; j < nWaiting; j++) {
          OrderLine l = new OrderLine(in.str(), in.int64(), in.int64(), in.str(), skuId, in.varlong(), s.warehouse, in.int32(), in.int32(), in.int32());
          s.enqueue(new Waiting(l, in.varlong()));
        }
      }
      int nUnits = in.varint();
      List<Unit> inStock = new ArrayList<>();
      for (int i = 0; i < nUnits; i++) {
        Unit u = new Unit(in.str());
        u.lot = lots[in.varint()].code;
        u.warehouse = in.nstr();
        u.enteredTs = in.int64();
        u.customer = in.nstr();
        book.units.put(u.serial, u);
        if (u.warehouse != null) {
          inStock.add(u);
        }
      }
      for (Unit u : inStock) {
        Stock st = book.site(u.warehouse).stockOrCreate(book.lots.get(u.lot), true);
        st.units.add(u);
        st.qty++;
      }
      int nHoldings = in.varint();
      for (int i = 0; i < nHoldings; i++) {
        String lot = lots[in.varint()].code;
        book.holdings.put(new Holding(lot, in.str()), in.varlong());
      }
      if (in.pos != bytes.length) {
        throw new IllegalStateException("sku book of " + skuId + " has " + (bytes.length - in.pos) + " trailing bytes");
      }
      return book;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IllegalStateException("corrupt sku book (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
  }

  /** A growable little byte buffer; faster than DataOutputStream and without its checked I/O. */
  private static final class Out {
    private byte[] buf;
    private int pos;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
    }

    void u8(int v) {
      ensure(1);
      buf[pos++] = (byte) v;
    }

    void int32(int v) {
      ensure(4);
      for (int s = 24; s >= 0; s -= 8) {
        buf[pos++] = (byte) (v >>> s);
      }
    }

    void int64(long v) {
      ensure(8);
      for (int s = 56; s >= 0; s -= 8) {
        buf[pos++] = (byte) (v >>> s);
      }
    }

    void varint(int v) {
      varlong(v);
    }

    void varlong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    void str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    /** A nullable string: length + 1, 0 for null. */
    void nstr(String s) {
      if (s == null) {
        varint(0);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length + 1);
      ensure(b.length);
      System.arraycopy(b, 0, buf, pos, b.length);
      pos += b.length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  private static final class In {
    private final byte[] buf;
    private int pos;

    In(byte[] buf) {
      this.buf = buf;
    }

    int u8() {
      return buf[pos++] & 0xFF;
    }

    int int32() {
      int v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    long int64() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    int varint() {
      long v = varlong();
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("count out of range: " + v);
      }
      return (int) v;
    }

    long varlong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = buf[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long at byte " + pos);
    }

    String str() {
      int n = varint();
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    String nstr() {
      int n = varint();
      if (n == 0) {
        return null;
      }
      String s = new String(buf, pos, n - 1, StandardCharsets.UTF_8);
      pos += n - 1;
      return s;
    }
  }
}
