import { describe, expect, it } from 'vitest';
import { addressLine, maskedPhone, parseChineseAddress } from './address-zh.js';

describe('Chinese addresses', () => {
  it('reads province, city, street, name and postal code in any order around the place', () => {
    expect(parseChineseAddress('广东省深圳市南山区科技园路1号，张三，518000')).toEqual({
      name: '张三',
      region: '广东省',
      city: '深圳市',
      line1: '南山区科技园路1号',
      postalCode: '518000',
      country: 'CN',
    });
    expect(parseChineseAddress('张三 518000 广东省深圳市南山区科技园路1号')?.line1).toBe('南山区科技园路1号');
    expect(parseChineseAddress('收货人：李伟，邮编：310000，浙江省杭州市西湖区文三路 90 号')).toMatchObject({
      name: '李伟',
      region: '浙江省',
      city: '杭州市',
      line1: '西湖区文三路90号',
      postalCode: '310000',
    });
  });

  it('takes a municipality as both region and city, and an autonomous region as the province', () => {
    expect(parseChineseAddress('上海市浦东新区世纪大道100号，王芳，200120')).toMatchObject({
      region: '上海市',
      city: '上海市',
      line1: '浦东新区世纪大道100号',
    });
    expect(parseChineseAddress('新疆维吾尔自治区乌鲁木齐市天山区解放路1号 阿依 830000')).toMatchObject({
      region: '新疆维吾尔自治区',
      city: '乌鲁木齐市',
    });
  });

  it('keeps a name in Latin letters apart from the house number', () => {
    expect(parseChineseAddress('广东省深圳市南山区科技园路 1 号 Ana 518000')).toMatchObject({
      name: 'Ana',
      line1: '南山区科技园路1号',
    });
  });

  it('keeps a mobile number as the phone, never mistaking it for the postal code', () => {
    const parsed = parseChineseAddress('北京市朝阳区建国路88号，赵六，13800138000，100022');
    expect(parsed).toMatchObject({ name: '赵六', postalCode: '100022', phone: '13800138000' });
    // A reply shows it masked: replies are stored.
    expect(parsed && addressLine(parsed)).toBe('北京市朝阳区建国路88号，赵六，100022，电话 138****8000');
    expect(maskedPhone('+1 555 123 4567')).toBe('155****4567');
    expect(maskedPhone('123')).toBe('****');
  });

  it('refuses an address with a part missing rather than guessing it', () => {
    expect(parseChineseAddress('广东省深圳市南山区科技园路1号，张三')).toBeUndefined(); // no postal code
    expect(parseChineseAddress('深圳市南山区科技园路1号，张三，518000')).toBeUndefined(); // no province
    expect(parseChineseAddress('广东省深圳市，张三，518000')).toBeUndefined(); // no street
    expect(parseChineseAddress('广东省深圳市南山区科技园路1号，518000')).toBeUndefined(); // no name
    expect(parseChineseAddress('Li Wei, 1 Nanjing Road, Shanghai, 200000, CN')).toBeUndefined();
  });

  it('writes a Chinese address back large to small, and others name first', () => {
    const parsed = parseChineseAddress('广东省深圳市南山区科技园路1号，张三，518000');
    expect(parsed && addressLine(parsed)).toBe('广东省深圳市南山区科技园路1号，张三，518000');
    const shanghai = parseChineseAddress('上海市浦东新区世纪大道100号，王芳，200120');
    expect(shanghai && addressLine(shanghai)).toBe('上海市浦东新区世纪大道100号，王芳，200120');
    expect(
      addressLine({
        name: 'Ana',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      }),
    ).toBe('Ana, 1 Main St, Springfield 12345, US');
    expect(
      addressLine({
        name: 'Li Wei',
        line1: '1 Nanjing Road',
        city: 'Shanghai',
        postalCode: '200000',
        country: 'CN',
      }),
    ).toBe('Li Wei, 1 Nanjing Road, Shanghai 200000, CN');
  });
});
