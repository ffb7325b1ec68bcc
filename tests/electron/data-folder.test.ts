import { describe, expect, it } from 'vitest';
import { chooseDataDir, networkDataDirWarning } from '../../src-main/electron/data-folder';

describe('chooseDataDir', () => {
  it('keeps the database under Local AppData on Windows (Roaming AppData may be redirected to a share)', () => {
    expect(
      chooseDataDir({
        platform: 'win32',
        env: { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local', APPDATA: '\\\\srv\\profiles\\ana' },
      }),
    ).toBe('C:\\Users\\ana\\AppData\\Local\\Workshop Manager');
  });

  it('keeps Electron default elsewhere, and WORKSHOP_DATA_DIR wins everywhere', () => {
    expect(chooseDataDir({ platform: 'linux', env: {} })).toBeNull();
    expect(chooseDataDir({ platform: 'linux', env: { WORKSHOP_DATA_DIR: '/srv/wm' } })).toBe('/srv/wm');
    expect(
      chooseDataDir({ platform: 'win32', env: { WORKSHOP_DATA_DIR: 'D:\\wm', LOCALAPPDATA: 'C:\\x' } }),
    ).toBe('D:\\wm');
  });
});

describe('networkDataDirWarning', () => {
  it('names a Windows UNC data folder and says what to do', () => {
    const warning = networkDataDirWarning('\\\\fileserver\\profiles\\ana\\Workshop Manager', {
      platform: 'win32',
    });
    expect(warning).toMatch(/network share/);
    expect(warning).toMatch(/WORKSHOP_DATA_DIR/);
  });

  it('names an NFS or SMB mount on Linux', () => {
    expect(networkDataDirWarning('/home/ana', { platform: 'linux', statfsType: () => 0x6969 })).toMatch(
      /network drive \(NFS\)/,
    );
    expect(networkDataDirWarning('/home/ana', { platform: 'linux', statfsType: () => 0xfe534d42 })).toMatch(
      /SMB2/,
    );
  });

  it('says nothing for a local disk, or when the file system cannot be asked', () => {
    expect(networkDataDirWarning('C:\\Users\\ana\\AppData\\Local\\x', { platform: 'win32' })).toBeNull();
    expect(networkDataDirWarning('/home/ana', { platform: 'linux', statfsType: () => 0xef53 })).toBeNull();
    expect(
      networkDataDirWarning('/home/ana', {
        platform: 'linux',
        statfsType: () => {
          throw new Error('EACCES');
        },
      }),
    ).toBeNull();
  });
});
